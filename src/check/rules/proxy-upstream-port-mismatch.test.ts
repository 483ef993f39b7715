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
