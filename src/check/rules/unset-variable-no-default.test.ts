import { describe, expect, it } from "vitest";
import { checkFixture, findingsOf } from "../testing/check-fixture.js";
import { unsetVariableNoDefault } from "./unset-variable-no-default.js";

describe("unset-variable-no-default", () => {
  it("is an error where an empty string breaks the file (image, volume, port)", () => {
    const compose = "services:\n  api:\n    image: registry.example.com/api:${TAG}\n    volumes:\n      - ${DATA_PATH}:/data\n";
    expect(findingsOf(unsetVariableNoDefault, { compose })).toMatchObject([
      { line: 3, severity: "error", message: expect.stringContaining("${TAG}") },
      { line: 5, severity: "error", message: expect.stringContaining("${DATA_PATH}") },
    ]);
  });
  it("is a warning in a container's environment, list form included (the app decides what empty means)", () => {
    const compose = "services:\n  api:\n    image: node:20\n    environment:\n      KEY: ${API_KEY_ENCRYPTION_KEY}\n  worker:\n    image: node:20\n    environment:\n      - OTEL_ENDPOINT=${OTEL_ENDPOINT}\n";
    expect(findingsOf(unsetVariableNoDefault, { compose })).toMatchObject([
      { line: 5, severity: "warning" },
      { line: 9, severity: "warning", message: expect.stringContaining("${OTEL_ENDPOINT}") },
    ]);
  });
  it("explains when the variable is only in an env_file (interpolation scope)", () => {
    const compose = "services:\n  api:\n    image: node:20\n    env_file: backend.env\n    command: serve --key ${JWT_SECRET}\n";
    expect(findingsOf(unsetVariableNoDefault, { compose, files: { "backend.env": "JWT_SECRET=x\n" } })).toMatchObject([{ hint: expect.stringContaining("only in env_file backend.env") }]);
  });
  it("stays quiet on set variables, defaults, required markers, $$ escapes and YAML comments", () => {
    const compose = "services:\n  api:\n    image: node:20\n    # image: app:${COMMENTED_TAG}\n    environment:\n      A: ${SET_ONE}\n      B: ${UNSET:-fallback}\n      C: ${SHELL_ONE}\n    healthcheck:\n      test: echo $$HOME # ${IN_COMMENT}\n";
    expect(findingsOf(unsetVariableNoDefault, { compose, files: { ".env": "SET_ONE=1\n" }, environment: { SHELL_ONE: "x" } })).toEqual([]);
  });
  it("reads .env for every -f file, and a later file that cannot interpolate is reported once, as compose-invalid", () => {
    const files = { ".env": "TAG=1\n", "compose.prod.yaml": "services:\n  api:\n    environment:\n      DOMAIN: ${DOMAIN:?set DOMAIN}\n" };
    const findings = checkFixture({ compose: "services:\n  api:\n    image: app:${TAG}\n", files, composeFiles: ["compose.yaml", "compose.prod.yaml"] }, [unsetVariableNoDefault]);
    expect(findings).toEqual([]);
    const loaded = checkFixture({ compose: "services:\n  api:\n    image: app:${TAG}\n", files: { ".env": "TAG=1\n" } }, [unsetVariableNoDefault]);
    expect(loaded).toEqual([]);
  });
});
