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

describe("proxy-upstream-unknown: what counts as a known upstream", () => {
  const check = (location: string, services = "") => findingsOf(proxyUpstreamUnknown, { compose: `${compose}${services}`, files: { "site.conf": `server {\n  location / { ${location} }\n}\n` } });

  it("says localhost and 127.0.0.1 reach nginx itself, suggesting the other services by name", () => {
    expect(check("proxy_pass http://127.0.0.1:3000;")).toMatchObject([{ file: "site.conf", line: 2, message: "proxy_pass to 127.0.0.1 reaches the nginx container itself, not another service", hint: "use a service name: backend" }]);
  });

  it("checks fastcgi_pass and grpc_pass like proxy_pass", () => {
    expect(check("fastcgi_pass php:9000;")).toMatchObject([{ message: 'fastcgi_pass to "php", which is not a service of this project' }]);
    expect(check("grpc_pass grpc://backend:50051;")).toEqual([]);
  });

  it("accepts a network alias and a container_name as hosts", () => {
    const aliased = "  api:\n    image: node:20\n    container_name: shop-api\n    networks:\n      default:\n        aliases: [api-v2]\n";
    expect(check("proxy_pass http://api-v2:8000;", aliased)).toEqual([]);
    expect(check("proxy_pass http://shop-api:8000;", aliased)).toEqual([]);
  });
});
