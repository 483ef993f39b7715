import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { healthcheckComposeInterpolation } from "./healthcheck-compose-interpolation.js";

const compose = (test: string) => `services:\n  db:\n    image: postgres:15\n    environment:\n      POSTGRES_USER: app\n    healthcheck:\n      test: ["CMD-SHELL", "${test}"]\n`;

describe("healthcheck-compose-interpolation", () => {
  it("fires on ${VAR} of a container variable", () => {
    expect(findingsOf(healthcheckComposeInterpolation, { compose: compose("pg_isready -U ${POSTGRES_USER}") })).toMatchObject([{ line: 7 }]);
  });
  it("stays quiet on $$VAR", () => {
    expect(findingsOf(healthcheckComposeInterpolation, { compose: compose("pg_isready -U $$POSTGRES_USER") })).toEqual([]);
  });
});

describe("healthcheck-compose-interpolation on passed-through variables", () => {
  it("stays quiet when the container gets the same value (- POSTGRES_USER passed through)", () => {
    const compose = "services:\n  postgres:\n    image: postgres:16\n    environment:\n      - POSTGRES_USER\n    healthcheck:\n      test: ['CMD-SHELL', 'pg_isready -h localhost -U ${POSTGRES_USER}']\n";
    expect(findingsOf(healthcheckComposeInterpolation, { compose, files: { ".env": "POSTGRES_USER=n8n\n" } })).toEqual([]);
  });
  it("does not read the next key's ${VAR} as part of the test", () => {
    const compose = "services:\n  db:\n    image: postgres:16\n    healthcheck:\n      test: pg_isready -h localhost\n    environment:\n      POSTGRES_USER: app\n      TOKEN: ${POSTGRES_USER}\n";
    expect(findingsOf(healthcheckComposeInterpolation, { compose, files: { ".env": "POSTGRES_USER=x\n" } })).toEqual([]);
  });
});
