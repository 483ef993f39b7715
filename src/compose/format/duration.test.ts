import { describe, expect, it } from "vitest";
import { loadInline } from "../testing/inline-project.js";
import { formatDuration, parseDuration } from "./duration.js";

describe("formatDuration prints like Go's time.Duration.String()", () => {
  it.each([
    [1, "1ns"],
    [999, "999ns"],
    [1500, "1.5µs"],
    [2_500_000, "2.5ms"],
    [1e9, "1s"],
    [59.5e9, "59.5s"],
    [60e9, "1m0s"],
    [3601e9, "1h0m1s"],
    [25 * 3600e9, "25h0m0s"],
    [-90e9, "-1m30s"],
    [-1500, "-1.5µs"],
  ])("%d ns → %s", (nanos, text) => {
    expect(formatDuration(nanos)).toBe(text);
  });

  it("round-trips what it prints", () => {
    for (const text of ["1h2m3s", "1m0.5s", "250ms", "3µs", "7ns"]) expect(formatDuration(parseDuration(text) ?? Number.NaN)).toBe(text);
  });
});

describe("durations in a compose file", () => {
  it("are normalized to Go's form", () => {
    const service = loadInline("services:\n  a:\n    image: x\n    stop_grace_period: 90s\n    healthcheck:\n      test: [CMD, 'true']\n      interval: 1m\n      timeout: 1500ms\n      start_period: '0'\n").services["a"];
    expect(service?.stop_grace_period).toBe("1m30s");
    expect([service?.healthcheck?.interval, service?.healthcheck?.timeout, service?.healthcheck?.start_period]).toEqual(["1m0s", "1.5s", "0s"]);
  });

  it("that are no durations fail at the key, in Go's words", () => {
    expect(() => loadInline("services:\n  a:\n    image: x\n    stop_grace_period: ten seconds\n")).toThrow('time: invalid duration "ten seconds"');
  });
});
