import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { nginxInvalid } from "./nginx-invalid.js";

const compose = "services:\n  proxy:\n    image: nginx:1.22\n    volumes: ['./nginx.conf:/etc/nginx/conf.d/default.conf:ro']\n";

describe("nginx-invalid", () => {
  it("fires on a missing semicolon and an unclosed block", () => {
    const findings = findingsOf(nginxInvalid, { compose, files: { "nginx.conf": "server {\n  listen 80\n}\nserver {\n" } });
    expect(findings.map((finding) => [finding.file, finding.line])).toEqual([["nginx.conf", 2], ["nginx.conf", 4]]);
  });
  it("stays quiet on valid config", () => {
    expect(findingsOf(nginxInvalid, { compose, files: { "nginx.conf": "server {\n  listen 80;\n  location / { return 200 'ok'; }\n}\n" } })).toEqual([]);
  });
});
