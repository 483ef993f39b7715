import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { secretEnvFileTracked } from "./secret-env-file-tracked.js";

const compose = "services:\n  api:\n    image: node:20\n    env_file: .env.docker\n";
const files = { ".git/HEAD": "ref: refs/heads/main\n", ".env.docker": "JWT_SECRET=abc123def\n" };

describe("secret-env-file-tracked", () => {
  it("fires when .gitignore covers .env but not .env.docker", () => {
    expect(findingsOf(secretEnvFileTracked, { compose, files: { ...files, ".gitignore": ".env\n" } })).toMatchObject([{ file: ".env.docker" }]);
  });
  it("stays quiet with .env* ignored, or outside a git repository", () => {
    expect(findingsOf(secretEnvFileTracked, { compose, files: { ...files, ".gitignore": ".env*\n!.env.example\n" } })).toEqual([]);
    expect(findingsOf(secretEnvFileTracked, { compose, files: { ".env.docker": "JWT_SECRET=abc\n" } })).toEqual([]);
  });
});
