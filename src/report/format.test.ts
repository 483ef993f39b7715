import { describe, expect, it } from "vitest";
import { formatBytes, formatMemory, formatPercent, offsetSeconds } from "./format.js";

describe("report value formatters", () => {
  it.each([
    [null, "-"],
    [0, "0 B"],
    [1023, "1023 B"],
    [1024, "1.0 KiB"],
    [412_000_000, "392.9 MiB"],
    [3 * 1024 ** 4, "3.0 TiB"],
    // beyond the largest unit the number grows instead of inventing a unit
    [2048 * 1024 ** 4, "2048.0 TiB"],
  ])("formatBytes(%s) is %s", (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });

  it("prints a percentage with one decimal, and a dash when the engine gave none", () => {
    expect(formatPercent(1.25)).toBe("1.3%");
    expect(formatPercent(0)).toBe("0.0%");
    expect(formatPercent(null)).toBe("-");
  });

  it("prints memory against its limit only when there is a limit", () => {
    expect(formatMemory(null, 1024)).toBe("-");
    expect(formatMemory(2048, null)).toBe("2.0 KiB");
    expect(formatMemory(2048, 0)).toBe("2.0 KiB");
    expect(formatMemory(2048, 1024 * 1024)).toBe("2.0 KiB / 1.0 MiB");
  });

  it("measures offsets from the origin in seconds, a dash when either time is unknown", () => {
    expect(offsetSeconds("2026-11-23T07:00:00.000Z", "2026-11-23T07:00:03.250Z")).toBe("+3.3 s");
    expect(offsetSeconds(null, "2026-11-23T07:00:03.250Z")).toBe("-");
    expect(offsetSeconds("2026-11-23T07:00:00.000Z", null)).toBe("-");
  });
});
