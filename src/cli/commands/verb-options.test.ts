import { describe, expect, it } from "vitest";
import { positiveSecondsMs, signalName, stopTimeout } from "./verb-options.js";

describe("verb options", () => {
  it("takes whole seconds for -t and refuses anything else", () => {
    expect(stopTimeout(undefined)).toBe(10);
    expect(stopTimeout("0")).toBe(0);
    expect(stopTimeout("30")).toBe(30);
    expect(() => stopTimeout("1.5")).toThrow(/whole number of seconds, got 1.5/);
    expect(() => stopTimeout("-1")).toThrow(/-t\/--timeout/);
    expect(() => stopTimeout("soon")).toThrow(/got soon/);
  });

  it("takes a positive number of seconds (fractions too) for --timeout, in milliseconds", () => {
    expect(positiveSecondsMs("--timeout", "600")).toBe(600_000);
    expect(positiveSecondsMs("--timeout", "0.5")).toBe(500);
    for (const bad of ["0", "-3", "soon", undefined]) expect(() => positiveSecondsMs("--timeout", bad)).toThrow(`--timeout must be a positive number of seconds, got ${String(bad)}`);
  });

  it("names signals as the engine takes them", () => {
    expect(signalName(undefined)).toBe("SIGKILL");
    expect(signalName("hup")).toBe("SIGHUP");
    expect(signalName("SIGTERM")).toBe("SIGTERM");
    expect(signalName("9")).toBe("9");
    expect(signalName("SIGRTMIN+3")).toBe("SIGRTMIN+3");
    expect(() => signalName("kill now")).toThrow(/is not a signal name/);
  });
});
