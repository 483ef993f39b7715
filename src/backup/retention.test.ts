import { describe, expect, it } from "vitest";
import { selectExpired, type RetentionEntry } from "./retention.js";

const entry = (day: number, good = true): RetentionEntry => ({ id: `b${day}`, createdAt: `2026-11-${String(day).padStart(2, "0")}T00:00:00.000Z`, good });
const ids = (entries: readonly RetentionEntry[]) => entries.map((e) => e.id).sort();

describe("selectExpired", () => {
  it("keeps the N newest and expires the rest", () => {
    expect(ids(selectExpired([entry(1), entry(3), entry(2), entry(4)], 2))).toEqual(["b1", "b2"]);
  });

  it("expires nothing when there are N or fewer", () => {
    expect(selectExpired([entry(1), entry(2)], 2)).toEqual([]);
  });

  it("never counts a failed backup as one of the N, so good ones are not pushed out by bad ones", () => {
    expect(ids(selectExpired([entry(1), entry(2), entry(3, false), entry(4, false)], 2))).toEqual([]);
  });

  it("keeps failed backups newer than the oldest kept one for inspection, expires older failed ones", () => {
    expect(ids(selectExpired([entry(1, false), entry(2), entry(3, false), entry(4)], 2))).toEqual(["b1"]);
  });

  it("keeps every failed backup while fewer than N good ones exist", () => {
    expect(selectExpired([entry(1, false), entry(2)], 2)).toEqual([]);
  });
});
