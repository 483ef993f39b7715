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

describe("secrets-not-ignored on templates and package configs", () => {
  const compose = "services:\n  web:\n    build: .\n";
  const dockerfile = "FROM node:20\nCOPY . .\n";
  it("stays quiet on committed templates (.env.production.example) and an .npmrc without a token", () => {
    const files = { Dockerfile: dockerfile, ".env.production.example": "API_KEY=\n", ".npmrc": "engine-strict=true\n" };
    expect(findingsOf(secretsNotIgnored, { compose, files })).toEqual([]);
  });
  it("fires on an .npmrc that carries a token", () => {
    const files = { Dockerfile: dockerfile, ".npmrc": "//registry.npmjs.org/:_authToken=npm_abc123\n" };
    expect(findingsOf(secretsNotIgnored, { compose, files })).toMatchObject([{ message: expect.stringContaining(".npmrc") }]);
  });
  it("stays quiet when the whole-context COPY is in a builder stage the final image does not derive from", () => {
    const files = { Dockerfile: "FROM node:20 AS build\nCOPY . .\nRUN npm run build\nFROM nginx:1.22\nCOPY --from=build /dist /usr/share/nginx/html\n", ".env": "API_KEY=x\n" };
    expect(findingsOf(secretsNotIgnored, { compose, files })).toEqual([]);
  });
});
