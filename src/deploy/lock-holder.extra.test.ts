import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { describeHolder, isHolderAlive, ownIdentity, parseHolder, startTimeOf } from "./lock-holder.js";

describe("parseHolder", () => {
  it.each([
    ["a bare pid (older berths)", "4242\n", { pid: 4242 }],
    ["the full identity", '{"pid":7,"start":"123","boot":"b-1","pidns":"pid:[4026531836]","host":"h"}', { pid: 7, start: "123", boot: "b-1", pidns: "pid:[4026531836]", host: "h" }],
    ["identity fields of the wrong type left out", '{"pid":7,"start":123,"host":null}', { pid: 7 }],
  ])("reads %s", (_, text, holder) => {
    expect(parseHolder(text)).toEqual(holder);
  });

  it.each([
    ["nothing", undefined],
    ["an empty file (a crash between open and write)", ""],
    ["half a JSON object", '{"pid":12'],
    ["a pid of zero", '{"pid":0}'],
    ["a negative pid", '{"pid":-5}'],
    ["a fractional pid", '{"pid":1.5}'],
    ["a pid as a string", '{"pid":"12"}'],
    ["JSON null", "null"],
    ["a list", "[1]"],
  ])("gives no holder for %s (the lock is stale)", (_, text) => {
    expect(parseHolder(text)).toBeUndefined();
  });
});

describe("isHolderAlive", () => {
  const own = ownIdentity();

  it("knows this very process is alive, with its recorded start time", () => {
    expect(own.pid).toBe(process.pid);
    expect(isHolderAlive(own)).toBe(true);
    expect(isHolderAlive(parseHolder(JSON.stringify(own)) ?? { pid: 0 })).toBe(true);
  });

  it("calls a holder dead when its pid is gone", () => {
    const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
    const gone = Number(child.stdout);
    expect(isHolderAlive({ pid: gone })).toBe(false);
    expect(isHolderAlive({ ...own, pid: gone })).toBe(false);
  });

  it("calls a holder dead when its pid now belongs to a process started at another time (pid reuse)", () => {
    expect(isHolderAlive({ ...own, start: "1" })).toBe(own.start === undefined);
  });

  it("calls a holder of another boot dead, even with a live pid", () => {
    if (own.boot === undefined) return;
    expect(isHolderAlive({ ...own, boot: "another-boot" })).toBe(false);
  });

  it("takes a holder in another pid namespace, or on another host without one, as alive: its pid means nothing here", () => {
    const notHere = 2 ** 22 + 17;
    expect(isHolderAlive({ pid: notHere, pidns: "pid:[1]", ...(own.boot === undefined ? {} : { boot: own.boot }) })).toBe(true);
    expect(isHolderAlive({ pid: notHere, host: `${own.host ?? ""}-elsewhere` })).toBe(true);
    expect(isHolderAlive({ pid: notHere, host: own.host ?? "" })).toBe(false);
  });
});

describe("describeHolder and startTimeOf", () => {
  it("names the pid and, when known, the host", () => {
    expect(describeHolder(undefined)).toBe("pid ?");
    expect(describeHolder({ pid: 12 })).toBe("pid 12");
    expect(describeHolder({ pid: 12, host: "build-1" })).toBe("pid 12 on build-1");
  });

  it("reads a start time for a live pid and none for a pid that does not exist", () => {
    if (process.platform !== "linux") return;
    expect(startTimeOf(process.pid)).toMatch(/^\d+$/);
    expect(startTimeOf(2 ** 22 + 17)).toBeUndefined();
  });
});
