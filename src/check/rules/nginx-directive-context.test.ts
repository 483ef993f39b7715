import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { nginxDirectiveContext } from "./nginx-directive-context.js";

const compose = (target: string) => `services:\n  proxy:\n    image: nginx:1.22\n    volumes: ['./site.conf:${target}:ro']\n`;

describe("nginx-directive-context", () => {
  it("fires on a server block mounted as the main nginx.conf", () => {
    const findings = findingsOf(nginxDirectiveContext, { compose: compose("/etc/nginx/nginx.conf"), files: { "site.conf": "server {\n  listen 80;\n}\n" } });
    expect(findings.map((finding) => finding.message)).toEqual([
      '"server" is not allowed in the main context (this file is mounted as the main nginx.conf) (and 1 more at this place: the main nginx.conf has no events {} section; nginx will not start)',
    ]);
  });
  it("fires on worker_connections in a conf.d file", () => {
    expect(findingsOf(nginxDirectiveContext, { compose: compose("/etc/nginx/conf.d/default.conf"), files: { "site.conf": "worker_connections 1024;\nserver { listen 80; }\n" } })).toHaveLength(1);
  });
  it("stays quiet on a server block in conf.d", () => {
    expect(findingsOf(nginxDirectiveContext, { compose: compose("/etc/nginx/conf.d/default.conf"), files: { "site.conf": "gzip on;\nserver {\n  listen 80;\n  location / { proxy_pass http://app:3000; }\n}\n" } })).toEqual([]);
  });
});

describe("nginx-directive-context: each context", () => {
  const check = (target: string, text: string) => findingsOf(nginxDirectiveContext, { compose: compose(target), files: { "site.conf": text } });
  it("tells where a misplaced directive belongs", () => {
    const text = "server {\n  listen 80;\n  location / {\n    listen 8080;\n    server_name example.com;\n  }\n}\n";
    expect(check("/etc/nginx/conf.d/default.conf", text)).toMatchObject([
      { line: 4, message: '"listen" is not allowed in the location context', hint: "move it into a server block" },
      { line: 5, message: '"server_name" is not allowed in the location context', hint: "move it into a server block" },
    ]);
  });
  it("accepts a full main nginx.conf, and unknown directives anywhere", () => {
    const text = "user nginx;\nworker_processes auto;\nevents {\n  worker_connections 1024;\n}\nhttp {\n  sendfile on;\n  upstream app { server app:3000; }\n  server {\n    listen 80;\n    brotli on;\n    location / { proxy_pass http://app; }\n  }\n}\n";
    expect(check("/etc/nginx/nginx.conf", text)).toEqual([]);
  });
  it("fires on a main nginx.conf without events", () => {
    expect(check("/etc/nginx/nginx.conf", "http {\n  server { listen 80; }\n}\n")).toMatchObject([{ line: 1, message: "the main nginx.conf has no events {} section; nginx will not start" }]);
  });
});
