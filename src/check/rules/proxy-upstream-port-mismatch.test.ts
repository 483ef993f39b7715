import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { proxyUpstreamPortMismatch } from "./proxy-upstream-port-mismatch.js";

const compose = "services:\n  web:\n    image: nginx:1.22\n    volumes: ['./site.conf:/etc/nginx/conf.d/default.conf:ro']\n  backend:\n    build: ./backend\n    environment:\n      PORT: '3000'\n";
const files = (port: number) => ({ "site.conf": `server {\n  location / { proxy_pass http://backend:${port}; }\n}\n`, "backend/Dockerfile": "FROM node:20-slim\nEXPOSE 3000\n" });

describe("proxy-upstream-port-mismatch", () => {
  it("fires when nginx uses another port than the backend listens on", () => {
    expect(findingsOf(proxyUpstreamPortMismatch, { compose, files: files(8765) })).toMatchObject([{ file: "site.conf", line: 2, message: expect.stringContaining("listens on 3000") }]);
  });
  it("follows the resolver idiom: set $backend host:port; proxy_pass http://$backend", () => {
    const site = "server {\n  resolver 127.0.0.11;\n  set $b backend:8765;\n  location / { proxy_pass http://$b; }\n}\n";
    expect(findingsOf(proxyUpstreamPortMismatch, { compose, files: { ...files(3000), "site.conf": site } })).toMatchObject([{ line: 4 }]);
  });
  it("stays quiet when they agree", () => {
    expect(findingsOf(proxyUpstreamPortMismatch, { compose, files: files(3000) })).toEqual([]);
  });
});

describe("proxy-upstream-port-mismatch against the command that runs", () => {
  const app = "services:\n  web:\n    image: nginx:1.22\n    volumes: ['./site.conf:/etc/nginx/conf.d/default.conf:ro']\n  backend:\n    build: ./backend\n";
  const site = "server {\n  location / { proxy_pass http://backend:5000; }\n}\n";
  it("trusts the Dockerfile CMD's port over a stale EXPOSE", () => {
    const files = { "site.conf": site, "backend/Dockerfile": "FROM python:3.12-slim\nEXPOSE 8000\nCMD [\"gunicorn\", \"--bind\", \"0.0.0.0:5000\", \"app:app\"]\n" };
    expect(findingsOf(proxyUpstreamPortMismatch, { compose: app, files })).toEqual([]);
  });
  it("still fires when neither EXPOSE nor the command listens there", () => {
    const files = { "site.conf": site, "backend/Dockerfile": "FROM python:3.12-slim\nEXPOSE 8000\nCMD [\"gunicorn\", \"--bind\", \"0.0.0.0:8000\", \"app:app\"]\n" };
    expect(findingsOf(proxyUpstreamPortMismatch, { compose: app, files })).toMatchObject([{ message: expect.stringContaining("listens on 8000") }]);
  });
});
