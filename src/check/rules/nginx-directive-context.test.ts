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
