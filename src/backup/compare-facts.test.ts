import { describe, expect, it } from "vitest";
import { compareCounts, compareFiles, parseCountLines } from "./compare-facts.js";
import { parseKeyspace } from "./redis.js";

describe("compareCounts", () => {
  it("passes when every count matches, one line per table", () => {
    const outcome = compareCounts("rows", { "public.a": 2, "public.b": 0 }, { "public.a": 2, "public.b": 0 });
    expect(outcome).toEqual({ ok: true, checks: ["public.a: 2 rows, as at backup time", "public.b: 0 rows, as at backup time"] });
  });

  it("fails on a missing table and on a different count, naming both", () => {
    const outcome = compareCounts("rows", { "public.a": 2, "public.b": 5 }, { "public.a": 1 });
    expect(outcome.ok).toBe(false);
    expect(outcome.error).toBe("restored data differs from the backup: public.a has 1 rows, expected 2; public.b has 0 rows, expected 5");
  });

  it("fails on a table the backup did not have", () => {
    expect(compareCounts("rows", {}, { "public.extra": 1 }).ok).toBe(false);
  });

  it("accepts a count within the range seen before and after a live snapshot", () => {
    expect(compareCounts("keys", { db0: 10 }, { db0: 12 }, { db0: 14 }).ok).toBe(true);
    expect(compareCounts("keys", { db0: 10 }, { db0: 15 }, { db0: 14 }).error).toContain("expected 10..14");
  });
});

describe("compareFiles", () => {
  it("needs both the count and the checksum to match", () => {
    expect(compareFiles({ files: 2, checksum: "aa" }, { files: 2, checksum: "aa" }).ok).toBe(true);
    expect(compareFiles({ files: 2, checksum: "aa" }, { files: 2, checksum: "bb" }).ok).toBe(false);
    expect(compareFiles({ files: 2, checksum: "aa" }, { files: 1, checksum: "aa" }).ok).toBe(false);
  });
});

describe("output parsers", () => {
  it("reads berth-count lines, keeping a | inside a table name", () => {
    expect(parseCountLines("BEGIN\nberth-count|public.notes|12\nberth-count|odd.a|b|3\nnoise\n", "berth-count")).toEqual({ "public.notes": 12, "odd.a|b": 3 });
  });

  it("reads redis INFO keyspace", () => {
    expect(parseKeyspace("# Keyspace\r\ndb0:keys=12,expires=1,avg_ttl=0\r\ndb3:keys=4,expires=0,avg_ttl=0\r\n")).toEqual({ db0: 12, db3: 4 });
  });
});
