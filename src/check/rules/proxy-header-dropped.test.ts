import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { proxyHeaderDropped } from "./proxy-header-dropped.js";

const compose = "services:\n  web:\n    image: nginx:1.22\n    volumes: ['./site.conf:/etc/nginx/conf.d/default.conf:ro']\n";
const site = (extra: string) => `server {\n  proxy_set_header Host $host;\n  proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n  location /ws {\n    proxy_pass http://app:3000;\n    proxy_set_header Upgrade $http_upgrade;\n${extra}  }\n}\n`;

describe("proxy-header-dropped", () => {
  it("fires when a location sets only Upgrade", () => {
    expect(findingsOf(proxyHeaderDropped, { compose, files: { "site.conf": site("") } })).toMatchObject([{ line: 6, message: expect.stringContaining("Host, X-Forwarded-For") }]);
  });
  it("stays quiet when the location repeats them", () => {
    expect(findingsOf(proxyHeaderDropped, { compose, files: { "site.conf": site("    proxy_set_header Host $host;\n    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n") } })).toEqual([]);
  });
});
