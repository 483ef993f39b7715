import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { credentialsInUrl } from "./credentials-in-url.js";

describe("credentials-in-url", () => {
  it("fires on a literal password in a compose URL and on an unencoded @ in .env", () => {
    const compose = "services:\n  api:\n    image: node:20\n    environment:\n      DATABASE_URL: postgresql://app:hunter22@db:5432/app\n";
    const findings = findingsOf(credentialsInUrl, { compose, files: { ".env": "CACHE_URL=redis://u:p@ss@cache:6379\n" } });
    expect(findings.map((finding) => [finding.file, finding.severity])).toEqual([[".env", "error"], ["compose.yaml", "warning"]]);
  });
  it("stays quiet when credentials come from variables", () => {
    const compose = "services:\n  api:\n    image: node:20\n    environment:\n      DATABASE_URL: postgresql://app:${DB_PASSWORD}@db:5432/app\n";
    expect(findingsOf(credentialsInUrl, { compose, files: { ".env": "DB_PASSWORD=abc\n" } })).toEqual([]);
  });
});

describe("credentials-in-url, list form", () => {
  it("fires on - DATABASE_URL=... at its own line", () => {
    const compose = "services:\n  api:\n    image: node:20\n    environment:\n      - NODE_ENV=production\n      - DATABASE_URL=postgresql://app:hunter22@db:5432/app\n";
    expect(findingsOf(credentialsInUrl, { compose })).toMatchObject([{ line: 6 }]);
  });
});
