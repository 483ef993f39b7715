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
