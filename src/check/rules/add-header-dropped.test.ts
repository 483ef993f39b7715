import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { addHeaderDropped } from "./add-header-dropped.js";

const compose = "services:\n  web:\n    image: nginx:1.22\n    volumes: ['./site.conf:/etc/nginx/conf.d/default.conf:ro']\n";

describe("add-header-dropped", () => {
  it("fires when a location adds its own header", () => {
    const site = 'server {\n  add_header X-Frame-Options DENY always;\n  location /assets/ {\n    add_header Cache-Control "public";\n  }\n}\n';
    expect(findingsOf(addHeaderDropped, { compose, files: { "site.conf": site } })).toMatchObject([{ line: 4, message: expect.stringContaining("X-Frame-Options") }]);
  });
  it("stays quiet when the location repeats them", () => {
    const site = 'server {\n  add_header X-Frame-Options DENY always;\n  location /assets/ {\n    add_header X-Frame-Options DENY always;\n    add_header Cache-Control "public";\n  }\n}\n';
    expect(findingsOf(addHeaderDropped, { compose, files: { "site.conf": site } })).toEqual([]);
  });
});
