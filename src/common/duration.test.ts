import { describe, expect, it } from "vitest";
import { durationToMillis, durationToNanos, extensionDurationMs, parseDuration } from "./duration.js";

describe("parseDuration (Go's grammar, as compose reads it)", () => {
  it("reads single and compound units, fractions and zero", () => {
    expect(parseDuration("1m30s")).toBe(90e9);
    expect(parseDuration("500ms")).toBe(500e6);
    expect(parseDuration("1.5s")).toBe(1.5e9);
    expect(parseDuration(".5s")).toBe(0.5e9);
    expect(parseDuration("2h45m")).toBe(2 * 3600e9 + 45 * 60e9);
    expect(parseDuration("10us")).toBe(10e3);
    expect(parseDuration("10µs")).toBe(10e3);
    expect(parseDuration("7ns")).toBe(7);
    expect(parseDuration("0")).toBe(0);
    expect(parseDuration(" 3s ")).toBe(3e9);
  });

  it("refuses anything else rather than reading the part it recognises", () => {
    for (const text of ["", "10", "soon", "5x3s", "1m 30s", "-1s", "1d", "s", "3s!", "1.2.3s"]) expect(parseDuration(text), text).toBeUndefined();
  });
});

describe("durationToNanos and durationToMillis (compose values)", () => {
  it("convert, and leave absent or empty values undefined", () => {
    expect(durationToMillis("1m30s")).toBe(90_000);
    expect(durationToNanos("1.5s")).toBe(1.5e9);
    expect(durationToMillis(undefined)).toBeUndefined();
    expect(durationToMillis("")).toBeUndefined();
    expect(durationToMillis("soon")).toBeUndefined();
    expect(durationToMillis("0s")).toBe(0);
  });
});

describe("extensionDurationMs (x-berth values)", () => {
  it("reads a bare number as seconds, as compose does", () => {
    expect(extensionDurationMs(5)).toBe(5_000);
    expect(extensionDurationMs("5")).toBe(5_000);
    expect(extensionDurationMs("0.5")).toBe(500);
    expect(extensionDurationMs(0)).toBe(0);
  });

  it("reads Go durations in milliseconds", () => {
    expect(extensionDurationMs("500ms")).toBe(500);
    expect(extensionDurationMs("2s")).toBe(2_000);
    expect(extensionDurationMs("1m")).toBe(60_000);
  });

  it("is undefined for what is neither", () => {
    expect(extensionDurationMs("fast")).toBeUndefined();
    expect(extensionDurationMs(-1)).toBeUndefined();
    expect(extensionDurationMs(Number.NaN)).toBeUndefined();
    expect(extensionDurationMs("5 s")).toBeUndefined();
  });
});
