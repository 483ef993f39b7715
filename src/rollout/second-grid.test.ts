import { describe, expect, it } from "vitest";
import { clockOffsetOf, gridWaitMs, widestGrid } from "./second-grid.js";

const exact = (validSeconds: number) => ({ validSeconds, offsetMs: { lo: 0, hi: 0 } });

describe("gridWaitMs", () => {
  it("ends on the proxy's whole second valid= + 1 after the last old answer's second, with the clock margin", () => {
    // Joined at 12.000 s: an answer on its way until 12.250 s came in during second 12; with
    // valid=1s nginx uses it through second 13 and asks again from 14.0 s (+ 100 ms margin).
    expect(gridWaitMs(exact(1), 12_000)).toBe(2100);
    expect(gridWaitMs(exact(1), 12_740)).toBe(1360);
    // Joined at 12.800 s: the answer on its way may arrive in second 13, so it lasts until 15.0 s.
    expect(gridWaitMs(exact(1), 12_800)).toBe(2300);
    expect(gridWaitMs(exact(5), 12_740)).toBe(5360);
  });

  it("works on the proxy's clock: an offset moves the second, its uncertainty only lengthens the wait", () => {
    // The proxy is 300 ms ahead: joined at 12.500 here is 12.800 there.
    expect(gridWaitMs({ validSeconds: 1, offsetMs: { lo: 300, hi: 300 } }, 12_500)).toBe(2300);
    // Read between 20 ms before and 30 ms after: the wait covers both ends.
    expect(gridWaitMs({ validSeconds: 1, offsetMs: { lo: -20, hi: 30 } }, 12_000)).toBe(2120);
    expect(gridWaitMs({ validSeconds: 1, offsetMs: { lo: -20, hi: 30 } }, 12_000)).toBeGreaterThanOrEqual(gridWaitMs(exact(1), 12_000));
  });
});

describe("clockOffsetOf", () => {
  it("reads date +%s%N as nanoseconds and brackets the offset by when the read was made", () => {
    expect(clockOffsetOf("1765150000123456789\n", 1765150000100, 1765150000140)).toEqual({ lo: -17, hi: 23 });
  });

  it("gives nothing for a date that does not print nanoseconds (busybox) or for nothing at all", () => {
    expect(clockOffsetOf("1765150000N\n", 0, 1)).toBeUndefined();
    expect(clockOffsetOf("", 0, 1)).toBeUndefined();
    expect(clockOffsetOf("date: invalid option", 0, 1)).toBeUndefined();
  });
});

describe("widestGrid", () => {
  it("takes the longest valid= and an offset range covering every container", () => {
    expect(widestGrid([{ validSeconds: 1, offsetMs: { lo: -5, hi: 3 } }, { validSeconds: 2, offsetMs: { lo: -1, hi: 9 } }])).toEqual({ validSeconds: 2, offsetMs: { lo: -5, hi: 9 } });
    expect(widestGrid([])).toBeUndefined();
  });
});
