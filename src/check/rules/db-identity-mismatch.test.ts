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

describe("db-identity-mismatch on other identities", () => {
  it("compares with the image's defaults when the database sets none (postgres user, database named after it)", () => {
    const yaml = "services:\n  api:\n    image: node:20\n    environment:\n      - DATABASE_URL=postgres://app@pg/app\n  pg:\n    image: postgres:15\n";
    const [finding] = findingsOf(dbIdentityMismatch, { compose: yaml });
    expect(finding).toMatchObject({ file: "compose.yaml", line: 5, column: 9, message: 'DATABASE_URL of "api" disagrees with service "pg": user "app" vs POSTGRES_USER "postgres"; database "app" vs POSTGRES_DB "postgres"' });
    expect(finding?.hint).toBe('derive DATABASE_URL from the variables "pg" uses (${POSTGRES_USER}, ${POSTGRES_PASSWORD}, ${POSTGRES_DB})');
  });

  it("reaches the database by its alias, and ignores a URL to a host that is not a datastore of the stack", () => {
    const yaml = (host: string) => `services:\n  api:\n    image: node:20\n    environment:\n      DATABASE_URL: postgres://mcp:pw@${host}/other\n  db:\n    image: postgres:15\n    networks: { default: { aliases: [database] } }\n    environment: { POSTGRES_USER: mcp, POSTGRES_PASSWORD: pw, POSTGRES_DB: mcp }\n  cache:\n    image: redis:7\n`;
    expect(findingsOf(dbIdentityMismatch, { compose: yaml("database:5432") }).map((f) => f.message)).toEqual(['DATABASE_URL of "api" disagrees with service "db": database "other" vs POSTGRES_DB "mcp"']);
    expect(findingsOf(dbIdentityMismatch, { compose: yaml("db.example.com:5432") })).toEqual([]);
    expect(findingsOf(dbIdentityMismatch, { compose: yaml("cache:6379") })).toEqual([]);
  });

  it("leaves out what the URL does not say (no user, no database)", () => {
    const yaml = "services:\n  api:\n    image: node:20\n    environment:\n      DATABASE_URL: postgres://db:5432\n  db:\n    image: postgres:15\n    environment: { POSTGRES_USER: mcp, POSTGRES_PASSWORD: pw }\n";
    expect(findingsOf(dbIdentityMismatch, { compose: yaml })).toEqual([]);
  });
});
