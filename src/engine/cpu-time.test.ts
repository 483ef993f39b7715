import { describe, expect, it } from "vitest";
import { cpuShare, cpuShareOfSample, cpuTimeOf } from "./cpu-time.js";
import { toContainerStats } from "./docker-streams.js";

// The sample the engine (20.10) gave for `node -e` starved to --cpus 0.01 while it loaded.
const starved = {
  read: "2026-12-07T20:36:03.918653116Z",
  preread: "2026-12-07T20:36:02.910016233Z",
  cpu_stats: { cpu_usage: { total_usage: 45_333_095 }, system_cpu_usage: 25_227_230_000_000, online_cpus: 2 },
  precpu_stats: { cpu_usage: { total_usage: 34_720_352 }, system_cpu_usage: 25_225_210_000_000, online_cpus: 2 },
};

describe("cpuShareOfSample", () => {
  it("reads a container starved to 1 % of a CPU as about 1, from its own CPU time over the sample's interval", () => {
    expect(cpuShareOfSample(starved)).toBeCloseTo(1.05, 2);
  });

  it("does not depend on the host's counters: the same container on a host that reports 64 CPUs reads the same", () => {
    const nested = { ...starved, cpu_stats: { ...starved.cpu_stats, online_cpus: 64 }, precpu_stats: { ...starved.precpu_stats, system_cpu_usage: 25_227_230_000_000 } };
    expect(cpuShareOfSample(nested)).toBeCloseTo(1.05, 2);
  });

  it("is undefined without a previous sample (the engine's zero time, or no usage)", () => {
    expect(cpuShareOfSample({ ...starved, preread: "0001-01-01T00:00:00Z" })).toBeUndefined();
    expect(cpuShareOfSample({ ...starved, precpu_stats: {} })).toBeUndefined();
    expect(cpuShareOfSample({})).toBeUndefined();
  });

  it("reads an idle container as 0", () => {
    expect(cpuShareOfSample({ ...starved, cpu_stats: starved.precpu_stats })).toBe(0);
  });
});

describe("cpuShare between two samples berth took", () => {
  it("divides the CPU time used by the wall time between the readings", () => {
    const first = cpuTimeOf({ read: "2026-12-07T20:00:00.000Z", cpu_stats: { cpu_usage: { total_usage: 1_000_000_000 } } });
    const second = cpuTimeOf({ read: "2026-12-07T20:00:02.000Z", cpu_stats: { cpu_usage: { total_usage: 1_040_000_000 } } });
    expect(first).toEqual({ cpuTimeNs: 1_000_000_000, sampledAt: Date.parse("2026-12-07T20:00:00.000Z") });
    expect(cpuShare(first, second)).toBeCloseTo(2, 5);
  });

  it("cannot compare readings out of order, at the same time, or of a container whose counter went back (recreated)", () => {
    const at = (read: string, ns: number) => cpuTimeOf({ read, cpu_stats: { cpu_usage: { total_usage: ns } } });
    expect(cpuShare(at("2026-12-07T20:00:02Z", 5), at("2026-12-07T20:00:01Z", 9))).toBeUndefined();
    expect(cpuShare(at("2026-12-07T20:00:01Z", 5), at("2026-12-07T20:00:01Z", 9))).toBeUndefined();
    expect(cpuShare(at("2026-12-07T20:00:01Z", 9), at("2026-12-07T20:00:02Z", 5))).toBeUndefined();
    expect(cpuShare(undefined, at("2026-12-07T20:00:02Z", 5))).toBeUndefined();
  });
});

describe("toContainerStats", () => {
  it("carries the share and the CPU time beside docker's percentage, and leaves them out when the engine sent none", () => {
    const stats = toContainerStats(starved);
    expect(stats.cpuPercent).toBeCloseTo(1.05, 1);
    expect(stats.cpuShare).toBeCloseTo(1.05, 2);
    expect(stats.cpuTime).toEqual({ cpuTimeNs: 45_333_095, sampledAt: Date.parse(starved.read) });
    const bare = toContainerStats({ cpu_stats: { cpu_usage: { total_usage: 5 } } });
    expect("cpuShare" in bare || "cpuTime" in bare).toBe(false);
  });
});
