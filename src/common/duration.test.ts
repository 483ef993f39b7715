import { describe, expect, it } from "vitest";
import { durationToMillis, durationToNanos } from "./duration.js";

describe("durations", () => {
  it("reads compound Go durations", () => {
    expect(durationToMillis("1m30s")).toBe(90_000);
    expect(durationToMillis("500ms")).toBe(500);
    expect(durationToNanos("1.5s")).toBe(1.5e9);
  });
  it("leaves absent or unreadable values undefined", () => {
    expect(durationToMillis(undefined)).toBeUndefined();
    expect(durationToMillis("soon")).toBeUndefined();
  });
});
