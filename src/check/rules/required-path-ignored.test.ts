import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { requiredPathIgnored } from "./required-path-ignored.js";

const compose = "services:\n  app:\n    build: .\n";
const files = { Dockerfile: "FROM node:20-slim\nCOPY . .\nRUN npm run build\n", "tsconfig.json": '{ "include": ["src", "tests"] }', "src/a.ts": "", "tests/a.test.ts": "" };

describe("required-path-ignored", () => {
  it("fires when a tsconfig include folder is ignored", () => {
    expect(findingsOf(requiredPathIgnored, { compose, files: { ...files, ".dockerignore": "tests\n" } })).toMatchObject([{ line: 3, message: expect.stringContaining("tests") }]);
  });
  it("stays quiet when nothing it reads is ignored", () => {
    expect(findingsOf(requiredPathIgnored, { compose, files: { ...files, ".dockerignore": "node_modules\n" } })).toEqual([]);
  });
});
