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
