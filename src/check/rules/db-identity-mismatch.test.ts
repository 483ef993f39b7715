import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { dbIdentityMismatch } from "./db-identity-mismatch.js";

const compose = (url: string) => `services:\n  api:\n    image: node:20\n    environment:\n      DATABASE_URL: ${url}\n  db:\n    image: postgres:15\n    environment:\n      POSTGRES_USER: mcp\n      POSTGRES_PASSWORD: \${POSTGRES_PASSWORD}\n      POSTGRES_DB: mcp\n`;

describe("db-identity-mismatch", () => {
  it("fires when user, password and database drift from the db service", () => {
    const findings = findingsOf(dbIdentityMismatch, { compose: compose("postgresql://aidb:old@db:5432/aidb"), files: { ".env": "POSTGRES_PASSWORD=rotated\n" } });
    expect(findings).toMatchObject([{ line: 5, message: expect.stringContaining('user "aidb" vs POSTGRES_USER "mcp"; password differs from POSTGRES_PASSWORD; database "aidb"') }]);
  });
  it("stays quiet when the URL is built from the same variables", () => {
    const findings = findingsOf(dbIdentityMismatch, { compose: compose("postgresql://mcp:${POSTGRES_PASSWORD}@db:5432/mcp"), files: { ".env": "POSTGRES_PASSWORD=rotated\n" } });
    expect(findings).toEqual([]);
  });
});
