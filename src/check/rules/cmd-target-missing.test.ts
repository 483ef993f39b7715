import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { cmdTargetMissing } from "./cmd-target-missing.js";

const compose = "services:\n  api:\n    build: .\n";

describe("cmd-target-missing", () => {
  it("fires when CMD names a file that no COPY provides", () => {
    const files = { Dockerfile: 'FROM node:20-slim\nWORKDIR /app\nCOPY src ./src\nCMD ["node", "server.js"]\n', "src/server.js": "" };
    expect(findingsOf(cmdTargetMissing, { compose, files })).toMatchObject([{ line: 4, message: expect.stringContaining("/app/server.js") }]);
  });
  it("stays quiet when a bind mount provides the folder at run time", () => {
    const mounted = "services:\n  api:\n    build: .\n    volumes: ['./src:/app']\n";
    const files = { Dockerfile: 'FROM node:20-slim\nWORKDIR /app\nCMD ["node", "server.js"]\n' };
    expect(findingsOf(cmdTargetMissing, { compose: mounted, files })).toEqual([]);
  });
  it("stays quiet when COPY provides it, or a build step may produce it", () => {
    const copied = { Dockerfile: 'FROM node:20-slim\nWORKDIR /app\nCOPY src/ ./\nCMD ["node", "server.js"]\n', "src/server.js": "" };
    expect(findingsOf(cmdTargetMissing, { compose, files: copied })).toEqual([]);
    const built = { Dockerfile: 'FROM node:20-slim\nWORKDIR /app\nCOPY . .\nRUN npm run build\nCMD ["node", "dist/server.js"]\n' };
    expect(findingsOf(cmdTargetMissing, { compose, files: built })).toEqual([]);
  });
});
