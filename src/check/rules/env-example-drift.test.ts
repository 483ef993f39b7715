import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { envExampleDrift } from "./env-example-drift.js";

const compose = "services:\n  api:\n    image: node:20\n";

describe("env-example-drift", () => {
  it("fires on a key documented in the example and missing from .env", () => {
    const files = { ".env": "DB_PASSWORD=x\n", ".env.example": "DB_PASSWORD=\nAPI_KEY_ENCRYPTION_KEY=\n" };
    expect(findingsOf(envExampleDrift, { compose, files })).toMatchObject([{ file: ".env.example", line: 2, message: expect.stringContaining("API_KEY_ENCRYPTION_KEY") }]);
  });
  it("stays quiet when .env has every key", () => {
    const files = { ".env": "DB_PASSWORD=x\nAPI_KEY_ENCRYPTION_KEY=y\n", ".env.example": "DB_PASSWORD=\nAPI_KEY_ENCRYPTION_KEY=\n" };
    expect(findingsOf(envExampleDrift, { compose, files })).toEqual([]);
  });
});
