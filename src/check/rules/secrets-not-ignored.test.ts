import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { secretsNotIgnored } from "./secrets-not-ignored.js";

const compose = "services:\n  api:\n    build: .\n";
const files = { Dockerfile: "FROM node:20-slim\nCOPY . .\n", ".env": "SECRET=x", ".env.example": "SECRET=" };

describe("secrets-not-ignored", () => {
  it("fires when .env is in the context and not ignored", () => {
    expect(findingsOf(secretsNotIgnored, { compose, files: { ...files, ".dockerignore": "node_modules\n" } })).toMatchObject([{ message: expect.stringContaining(": .env") }]);
  });
  it("stays quiet when .env* is ignored (examples are fine)", () => {
    expect(findingsOf(secretsNotIgnored, { compose, files: { ...files, ".dockerignore": ".env*\n!.env.example\n" } })).toEqual([]);
  });
});
