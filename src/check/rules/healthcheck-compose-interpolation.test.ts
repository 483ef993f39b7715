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

describe("healthcheck-compose-interpolation on a command chosen by a variable", () => {
  const withTest = (test: string) => `services:\n  api:\n    image: node:20\n    environment:\n      HEALTHCHECK: in-container\n    healthcheck:\n${test}\n`;
  const files = { ".env": "HEALTHCHECK=curl -f http://127.0.0.1:3000/health\n" };
  it.each([
    ["the whole test", "      test: ${HEALTHCHECK}"],
    ["the whole CMD-SHELL command", '      test: ["CMD-SHELL", "${HEALTHCHECK}"]'],
    ["the whole CMD-SHELL command, block list", "      test:\n        - CMD-SHELL\n        - ${HEALTHCHECK:-true}"],
    ["the program of an exec test", '      test: ["CMD", "${HEALTHCHECK}", "--quiet"]'],
  ])("stays quiet when the variable is %s (chosen on purpose)", (_what, test) => {
    expect(findingsOf(healthcheckComposeInterpolation, { compose: withTest(test), files })).toEqual([]);
  });
  it("still fires on a variable inside a longer command", () => {
    const compose = withTest('      test: ["CMD-SHELL", "echo ${HEALTHCHECK} && true"]');
    expect(findingsOf(healthcheckComposeInterpolation, { compose, files })).toMatchObject([{ line: 7 }]);
  });
  it("still fires on an argument of an exec test", () => {
    const compose = "services:\n  db:\n    image: postgres:15\n    environment:\n      POSTGRES_USER: app\n    healthcheck:\n      test: [\"CMD\", \"pg_isready\", \"-U\", \"${POSTGRES_USER}\"]\n";
    expect(findingsOf(healthcheckComposeInterpolation, { compose })).toMatchObject([{ line: 7 }]);
  });
});
