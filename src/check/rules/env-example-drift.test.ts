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

describe("env-example-drift, where the example and the keys come from", () => {
  it.each([".env.sample", ".env.template", "example.env"])("reads %s as the example", (example) => {
    const files = { ".env": "A=1\n", [example]: "A=\nB=\n" };
    expect(findingsOf(envExampleDrift, { compose, files })).toMatchObject([{ file: example, line: 2, message: `B is in ${example} but not in .env`, hint: "add B to .env" }]);
  });

  it("reports each missing key once, at its line in the example", () => {
    const files = { ".env": "B=2\n", ".env.example": "# documented keys\nA=\nB=\nC=default\n" };
    expect(findingsOf(envExampleDrift, { compose, files }).map((finding) => [finding.line, finding.message])).toEqual([
      [2, "A is in .env.example but not in .env"],
      [4, "C is in .env.example but not in .env"],
    ]);
  });

  it("does not report a key the shell environment sets, which compose uses over .env", () => {
    const files = { ".env": "A=1\n", ".env.example": "A=\nB=\n" };
    expect(findingsOf(envExampleDrift, { compose, files, environment: { B: "from-shell" } })).toEqual([]);
  });

  it("stays quiet without a .env or without an example", () => {
    expect(findingsOf(envExampleDrift, { compose, files: { ".env.example": "A=\n" } })).toEqual([]);
    expect(findingsOf(envExampleDrift, { compose, files: { ".env": "A=1\n" } })).toEqual([]);
  });
});
