import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { secretEnvFileTracked } from "./secret-env-file-tracked.js";

const compose = "services:\n  api:\n    image: node:20\n    env_file: .env.docker\n";
const files = { ".git/HEAD": "ref: refs/heads/main\n", ".env.docker": "JWT_SECRET=abc123def\n" };

describe("secret-env-file-tracked", () => {
  it("fires when .gitignore covers .env but not .env.docker", () => {
    expect(findingsOf(secretEnvFileTracked, { compose, files: { ...files, ".gitignore": ".env\n" } })).toMatchObject([{ file: ".env.docker" }]);
  });
  it("reads .gitignore files in subfolders and root patterns with folders", () => {
    const nested = "services:\n  api:\n    image: node:20\n    env_file: stacks/verify/.env\n";
    const base = { ".git/HEAD": "", "stacks/verify/.env": "DB_PASSWORD=abc123def\n" };
    expect(findingsOf(secretEnvFileTracked, { compose: nested, files: { ...base, "stacks/verify/.gitignore": ".env\n" } })).toEqual([]);
    expect(findingsOf(secretEnvFileTracked, { compose: nested, files: { ...base, ".gitignore": "stacks/**/.env\n" } })).toEqual([]);
    expect(findingsOf(secretEnvFileTracked, { compose: nested, files: { ...base, ".gitignore": "node_modules/\n" } })).toHaveLength(1);
  });
  it("treats a folder pattern as covering everything below it", () => {
    const cached = "services:\n  api:\n    image: node:20\n    env_file: .cache/work/.env\n";
    const base = { ".git/HEAD": "", ".cache/work/.env": "DB_PASSWORD=abc123def\n" };
    expect(findingsOf(secretEnvFileTracked, { compose: cached, files: { ...base, ".gitignore": ".cache/\n" } })).toEqual([]);
    expect(findingsOf(secretEnvFileTracked, { compose: cached, files: { ...base, ".gitignore": "/.cache\n" } })).toEqual([]);
    expect(findingsOf(secretEnvFileTracked, { compose: cached, files: { ...base, ".gitignore": ".cache/other/\n" } })).toHaveLength(1);
  });
  it("stays quiet with .env* ignored, or outside a git repository", () => {
    expect(findingsOf(secretEnvFileTracked, { compose, files: { ...files, ".gitignore": ".env*\n!.env.example\n" } })).toEqual([]);
    expect(findingsOf(secretEnvFileTracked, { compose, files: { ".env.docker": "JWT_SECRET=abc\n" } })).toEqual([]);
  });
});
