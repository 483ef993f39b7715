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
