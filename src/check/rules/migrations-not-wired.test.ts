import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { migrationsNotWired } from "./migrations-not-wired.js";

const files = { "backend/Dockerfile": 'FROM python:3.11-slim\nCMD ["uvicorn", "app:app"]\n', "backend/migrations/001_init.sql": "create table t ();" };

describe("migrations-not-wired", () => {
  it("fires when migrations exist and nothing runs them", () => {
    const compose = "services:\n  backend:\n    build: ./backend\n  db:\n    image: postgres:15\n";
    expect(findingsOf(migrationsNotWired, { compose, files })).toMatchObject([{ message: expect.stringContaining("backend/migrations") }]);
  });
  it("stays quiet with a migrate job", () => {
    const compose = "services:\n  backend:\n    build: ./backend\n  migrate:\n    build: ./backend\n    command: python -m app.migrate\n  db:\n    image: postgres:15\n";
    expect(findingsOf(migrationsNotWired, { compose, files })).toEqual([]);
  });
});

describe("migrations-not-wired: empty folders and berth migrate", () => {
  const compose = "services:\n  backend:\n    build: ./backend\n  db:\n    image: postgres:15\n";
  it("stays quiet on a folder with only a .gitkeep", () => {
    const empty = { "backend/Dockerfile": 'FROM python:3.11-slim\nCMD ["uvicorn", "app:app"]\n', "backend/migrations/.gitkeep": "" };
    expect(findingsOf(migrationsNotWired, { compose, files: empty })).toEqual([]);
  });
  it("stays quiet when x-berth.migrate hands them to berth migrate", () => {
    expect(findingsOf(migrationsNotWired, { compose: `${compose}x-berth:\n  migrate:\n    service: db\n    dir: backend/migrations\n`, files })).toEqual([]);
  });
});

describe("migrations-not-wired: where migrations live and how they get run", () => {
  const withDb = (services: string) => `services:\n${services}  db:\n    image: postgres:15\n`;

  it("finds a migrations folder at the project root, and points at the services key", () => {
    const compose = withDb("  api:\n    image: shop/api:1\n");
    expect(findingsOf(migrationsNotWired, { compose, files: { "db/migrations/001_init.sql": "create table t ();" } })).toMatchObject([
      { line: 1, message: "db/migrations holds migrations, but no service, command or entrypoint runs them", hint: "add a one-shot migrate service and make the app depend on it (condition: service_completed_successfully)" },
    ]);
  });

  it("stays quiet without a relational database (a Redis only stack)", () => {
    const compose = "services:\n  api:\n    build: ./backend\n  cache:\n    image: redis:7\n";
    expect(findingsOf(migrationsNotWired, { compose, files })).toEqual([]);
  });

  it("stays quiet on a folder holding only a README", () => {
    const compose = withDb("  api:\n    image: shop/api:1\n");
    expect(findingsOf(migrationsNotWired, { compose, files: { "migrations/README.md": "later" } })).toEqual([]);
  });

  it("sees migrations run by the image's entrypoint script", () => {
    const compose = withDb("  backend:\n    build: ./backend\n");
    const wired = { ...files, "backend/Dockerfile": 'FROM python:3.11-slim\nCOPY docker-entrypoint.sh /usr/local/bin/\nENTRYPOINT ["docker-entrypoint.sh"]\n', "backend/docker-entrypoint.sh": "#!/bin/sh\nalembic upgrade head\nexec \"$@\"\n" };
    expect(findingsOf(migrationsNotWired, { compose, files: wired })).toEqual([]);
  });

  it("sees migrations run by a Dockerfile CMD or by the service's command", () => {
    const compose = withDb("  backend:\n    build: ./backend\n");
    const byCmd = { ...files, "backend/Dockerfile": 'FROM node:20\nCMD ["sh", "-c", "npx prisma migrate deploy && node server.js"]\n' };
    expect(findingsOf(migrationsNotWired, { compose, files: byCmd })).toEqual([]);
    const byCommand = withDb("  backend:\n    build: ./backend\n    command: sh -c 'goose up && ./server'\n");
    expect(findingsOf(migrationsNotWired, { compose: byCommand, files })).toEqual([]);
  });
});
