import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { staticUpstreamResolution } from "./static-upstream-resolution.js";

const compose = "services:\n  web:\n    image: nginx:1.22\n    volumes: ['./site.conf:/etc/nginx/conf.d/default.conf:ro']\n  backend:\n    image: node:20\n";

describe("static-upstream-resolution", () => {
  it("fires on a literal service hostname, also through an upstream block", () => {
    const site = "upstream api { server backend:8765; }\nserver {\n  location /api/ { proxy_pass http://api; }\n  location / { proxy_pass http://backend:8765; }\n}\n";
    expect(findingsOf(staticUpstreamResolution, { compose, files: { "site.conf": site } }).map((finding) => finding.line)).toEqual([3, 4]);
  });
  it("stays quiet with a resolver and a variable, or an external host", () => {
    const site = "server {\n  resolver 127.0.0.11 valid=10s;\n  set $b http://backend:8765;\n  location / { proxy_pass $b; }\n  location /x { proxy_pass https://example.com; }\n}\n";
    expect(findingsOf(staticUpstreamResolution, { compose, files: { "site.conf": site } })).toEqual([]);
  });
  it("fires on Docker's resolver without valid=, which caches an old address for 600 s", () => {
    const site = "server {\n  resolver 127.0.0.11 ipv6=off;\n  set $b http://backend:8765;\n  location / { proxy_pass $b; }\n}\n";
    expect(findingsOf(staticUpstreamResolution, { compose, files: { "site.conf": site } }).map((finding) => [finding.line, finding.message.slice(0, 25)])).toEqual([[2, "resolver without valid= k"]]);
  });
});

describe("static-upstream-resolution with depends_on restart", () => {
  it("stays quiet when compose restarts the proxy whenever the upstream is recreated", () => {
    const restarting = "services:\n  web:\n    image: nginx:1.22\n    volumes: ['./site.conf:/etc/nginx/conf.d/default.conf:ro']\n    depends_on:\n      backend: { condition: service_started, restart: true }\n  backend:\n    image: node:20\n";
    expect(findingsOf(staticUpstreamResolution, { compose: restarting, files: { "site.conf": "server {\n  location / { proxy_pass http://backend:8765; }\n}\n" } })).toEqual([]);
  });
});
