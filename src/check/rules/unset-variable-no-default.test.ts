import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { unsetVariableNoDefault } from "./unset-variable-no-default.js";

describe("unset-variable-no-default", () => {
  it("fires on ${VAR} that no env file sets", () => {
    const compose = "services:\n  api:\n    image: node:20\n    environment:\n      KEY: ${API_KEY_ENCRYPTION_KEY}\n";
    expect(findingsOf(unsetVariableNoDefault, { compose })).toMatchObject([{ line: 5, column: 12 }]);
  });
  it("explains when the variable is only in an env_file (interpolation scope)", () => {
    const compose = "services:\n  api:\n    image: node:20\n    env_file: backend.env\n    command: serve --key ${JWT_SECRET}\n";
    expect(findingsOf(unsetVariableNoDefault, { compose, files: { "backend.env": "JWT_SECRET=x\n" } })).toMatchObject([{ hint: expect.stringContaining("only in env_file backend.env") }]);
  });
  it("stays quiet on set variables, defaults, required markers and $$ escapes", () => {
    const compose = "services:\n  api:\n    image: node:20\n    environment:\n      A: ${SET_ONE}\n      B: ${UNSET:-fallback}\n      C: ${REQ:?needed}\n    healthcheck:\n      test: echo $$HOME\n";
    expect(findingsOf(unsetVariableNoDefault, { compose, files: { ".env": "SET_ONE=1\n" } })).toEqual([]);
  });
});
