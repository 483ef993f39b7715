import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { nonrootCannotWrite } from "./nonroot-cannot-write.js";

const compose = "services:\n  app:\n    build: .\n";

describe("nonroot-cannot-write", () => {
  it("fires when npm ci runs as node in a root-owned WORKDIR", () => {
    const files = { Dockerfile: "FROM node:20-slim\nWORKDIR /app\nCOPY . .\nUSER node\nRUN npm ci\n" };
    expect(findingsOf(nonrootCannotWrite, { compose, files })).toMatchObject([{ line: 5, message: expect.stringContaining("/app") }]);
  });
  it("stays quiet when the directory is chowned first, or the install runs as root", () => {
    const chowned = { Dockerfile: "FROM node:20-slim\nWORKDIR /app\nRUN chown node:node /app\nUSER node\nCOPY --chown=node:node . .\nRUN npm ci\n" };
    expect(findingsOf(nonrootCannotWrite, { compose, files: chowned })).toEqual([]);
    const rootInstall = { Dockerfile: "FROM node:20-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci\nUSER node\n" };
    expect(findingsOf(nonrootCannotWrite, { compose, files: rootInstall })).toEqual([]);
  });
});
