import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { proxyUpstreamUnknown } from "./proxy-upstream-unknown.js";

const compose = "services:\n  web:\n    image: nginx:1.22\n    volumes: ['./site.conf:/etc/nginx/conf.d/default.conf:ro']\n  backend:\n    image: node:20\n";

describe("proxy-upstream-unknown", () => {
  it("fires on an unknown host and on localhost", () => {
    const site = "server {\n  location /api/ { proxy_pass http://api-server:8000; }\n  location / { proxy_pass http://localhost:3000; }\n}\n";
    expect(findingsOf(proxyUpstreamUnknown, { compose, files: { "site.conf": site } }).map((finding) => finding.line)).toEqual([2, 3]);
  });
  it("stays quiet on service names and external hosts", () => {
    const site = "server {\n  location /api/ { proxy_pass http://backend:8000; }\n  location /x { proxy_pass https://example.com; }\n}\n";
    expect(findingsOf(proxyUpstreamUnknown, { compose, files: { "site.conf": site } })).toEqual([]);
  });
});
