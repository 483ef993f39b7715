import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { durationMs, healthcheckTiming } from "./healthcheck-timing.js";

const compose = (timing: string) => `services:\n  api:\n    image: node:20\n    healthcheck:\n      test: node hc.js\n${timing}`;

describe("healthcheck-timing", () => {
  it("parses Go durations", () => expect(durationMs("1m30s")).toBe(90_000));
  it("fires when timeout >= interval", () => {
    expect(findingsOf(healthcheckTiming, { compose: compose("      interval: 5s\n      timeout: 10s\n") })).toMatchObject([{ line: 7 }]);
  });
  it("stays quiet when timeout < interval", () => {
    expect(findingsOf(healthcheckTiming, { compose: compose("      interval: 10s\n      timeout: 3s\n") })).toEqual([]);
  });
});
