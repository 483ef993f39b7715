import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { envFileMissing } from "./env-file-missing.js";

const compose = "services:\n  api:\n    image: node:20\n    env_file:\n      - .env.production\n      - { path: .env.local, required: false }\n";

describe("env-file-missing", () => {
  it("fires on a required env_file that is missing", () => {
    expect(findingsOf(envFileMissing, { compose })).toMatchObject([{ line: 5, message: expect.stringContaining(".env.production") }]);
  });
  it("stays quiet when it exists", () => {
    expect(findingsOf(envFileMissing, { compose, files: { ".env.production": "A=1\n" } })).toEqual([]);
  });
});
