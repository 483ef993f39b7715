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

describe("required-path-ignored: what the build reads", () => {
  const check = (extra: Record<string, string>) => findingsOf(requiredPathIgnored, { compose, files: { ...files, ...extra } });
  it("names every ignored folder, reading a tsconfig with comments and ./ prefixes", () => {
    const tsconfig = '{\n  // what tsc compiles\n  "include": ["./src/**/*", "./tests", "specs/**/*.ts"]\n}';
    const findings = check({ "tsconfig.json": tsconfig, "specs/b.spec.ts": "", ".dockerignore": "tests\nspecs\n" });
    expect(findings).toMatchObject([{ message: "the build reads tests, specs (tsconfig include), but .dockerignore excludes them" }]);
  });
  it.each([
    ["no .dockerignore", {}],
    ["an ignored folder that does not exist", { ".dockerignore": "tests\n", "tsconfig.json": '{ "include": ["src", "e2e"] }' }],
    ["a tsconfig that is not JSON", { ".dockerignore": "tests\n", "tsconfig.json": "include: [src, tests]" }],
    ["a glob-only include", { ".dockerignore": "tests\n", "tsconfig.json": '{ "include": ["**/*.ts"] }' }],
    ["a build that does not run tsc", { ".dockerignore": "tests\n", Dockerfile: "FROM node:20-slim\nCOPY . .\nRUN npm ci\n" }],
  ])("stays quiet with %s", (_name, extra) => {
    expect(check(extra)).toEqual([]);
  });
});
