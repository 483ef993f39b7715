import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { healthcheckPortMismatch } from "./healthcheck-port-mismatch.js";

const compose = (port: number, expose = "") => `services:\n  api:\n    image: node:20-alpine\n    environment:\n      PORT: '3000'\n${expose}    healthcheck:\n      test: wget -qO- http://localhost:${port}/health || exit 1\n`;

describe("healthcheck-port-mismatch", () => {
  it("fires when the probe uses another port than the app", () => {
    expect(findingsOf(healthcheckPortMismatch, { compose: compose(8080) })).toMatchObject([{ line: 7, message: expect.stringContaining("listens on 3000") }]);
  });
  it("stays quiet on the app port or a declared health port", () => {
    expect(findingsOf(healthcheckPortMismatch, { compose: compose(3000) })).toEqual([]);
    expect(findingsOf(healthcheckPortMismatch, { compose: compose(3001, "    expose: ['3001']\n") })).toEqual([]);
  });
});
