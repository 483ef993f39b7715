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

describe("healthcheck-timing: the bounds and the defaults", () => {
  const findings = (timing: string) => findingsOf(healthcheckTiming, { compose: compose(timing) });

  it("fires when the timeout equals the interval, at the timeout key, quoting both", () => {
    expect(findings("      interval: 10s\n      timeout: 10s\n")).toMatchObject([{ line: 7, column: 7, severity: "info", message: "healthcheck timeout (10s) is not shorter than its interval (10s)", hint: "make the timeout shorter than the interval" }]);
  });

  it("compares durations, not texts: 1m is not shorter than 45s, 500ms is shorter than 1s", () => {
    expect(findings("      interval: 45s\n      timeout: 1m\n")).toHaveLength(1);
    expect(findings("      interval: 1s\n      timeout: 500ms\n")).toEqual([]);
  });

  it("takes compose's 30s default interval when only the timeout is set", () => {
    expect(findings("      timeout: 30s\n")).toMatchObject([{ message: "healthcheck timeout (30s) is not shorter than its interval (30s)" }]);
    expect(findings("      timeout: 29s\n")).toEqual([]);
  });

  it("stays quiet without a timeout, and on a disabled healthcheck", () => {
    expect(findings("      interval: 1s\n")).toEqual([]);
    expect(findingsOf(healthcheckTiming, { compose: "services:\n  api:\n    image: node:20\n    healthcheck:\n      disable: true\n      timeout: 60s\n" })).toEqual([]);
  });

  it("reads durations with compose's grammar", () => {
    expect(durationMs("1h2m3.5s")).toBe(3_723_500);
    expect(durationMs("250ms")).toBe(250);
    expect(durationMs(undefined)).toBeUndefined();
  });
});
