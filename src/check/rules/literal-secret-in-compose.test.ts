import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { literalSecretInCompose } from "./literal-secret-in-compose.js";

describe("literal-secret-in-compose", () => {
  it("fires on a literal password", () => {
    const compose = "services:\n  db:\n    image: postgres:15\n    environment:\n      POSTGRES_PASSWORD: s3cr3t-value\n";
    expect(findingsOf(literalSecretInCompose, { compose })).toMatchObject([{ line: 5 }]);
  });
  it("stays quiet on interpolated values and secret files", () => {
    const compose = "services:\n  db:\n    image: postgres:15\n    environment:\n      POSTGRES_PASSWORD: ${PW}\n      POSTGRES_PASSWORD_FILE: /run/secrets/db\n";
    expect(findingsOf(literalSecretInCompose, { compose, files: { ".env": "PW=x\n" } })).toEqual([]);
  });
});

describe("literal-secret-in-compose, list form and pass-through", () => {
  it("fires on a list-form literal, at its own line", () => {
    const compose = "services:\n  db:\n    image: postgres:15\n    environment:\n      - POSTGRES_DB=app\n      - POSTGRES_PASSWORD=s3cr3t-value\n";
    expect(findingsOf(literalSecretInCompose, { compose })).toMatchObject([{ line: 6 }]);
  });
  it("stays quiet on pass-through keys whose value comes from the environment (KEY:, - KEY)", () => {
    const compose = "services:\n  api:\n    image: node:20\n    environment:\n      API_SECRET:\n  worker:\n    image: node:20\n    environment:\n      - WORKER_SECRET\n";
    expect(findingsOf(literalSecretInCompose, { compose, files: { ".env": "API_SECRET=from-dotenv-1\n" }, environment: { WORKER_SECRET: "from-shell-2" } })).toEqual([]);
  });
});
