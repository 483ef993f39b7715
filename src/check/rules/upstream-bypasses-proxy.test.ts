import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { upstreamBypassesProxy } from "./upstream-bypasses-proxy.js";

const compose = (ports: string) => `services:\n  web:\n    image: nginx:1.22\n    ports: ['80:80']\n    volumes: ['./site.conf:/etc/nginx/conf.d/default.conf:ro']\n  backend:\n    image: node:20\n    ports: ['${ports}']\n`;
const files = { "site.conf": "server {\n  location / { proxy_pass http://backend:8000; }\n}\n" };

describe("upstream-bypasses-proxy", () => {
  it("fires when the backend publishes on all interfaces", () => {
    expect(findingsOf(upstreamBypassesProxy, { compose: compose("8000:8000"), files })).toMatchObject([{ line: 8 }]);
  });
  it("stays quiet on a loopback bind", () => {
    expect(findingsOf(upstreamBypassesProxy, { compose: compose("127.0.0.1:8000:8000"), files })).toEqual([]);
  });
});
