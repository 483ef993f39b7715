import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { shellFormCmd } from "./shell-form-cmd.js";

const compose = "services:\n  app:\n    build: .\n";

describe("shell-form-cmd", () => {
  it("fires on shell-form CMD", () => {
    expect(findingsOf(shellFormCmd, { compose, files: { Dockerfile: "FROM node:20-slim\nCMD node dist/server.js\n" } })).toMatchObject([{ line: 2 }]);
  });
  it("stays quiet on exec form", () => {
    expect(findingsOf(shellFormCmd, { compose, files: { Dockerfile: 'FROM node:20-slim\nCMD ["node", "dist/server.js"]\n' } })).toEqual([]);
  });
});
