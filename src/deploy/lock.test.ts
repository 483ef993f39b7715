import { spawn } from "node:child_process";
import { mkdtemp, readFile, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { lockProject } from "./lock.js";
import { isHolderAlive, ownIdentity, parseHolder, startTimeOf } from "./lock-holder.js";

const signal = new AbortController().signal;
const tsx = pathToFileURL(join(import.meta.dirname, "..", "..", "node_modules", "tsx", "dist", "loader.mjs")).href;
const worker = join(import.meta.dirname, "testing", "lock-worker.ts");

/** Runs lock-worker.ts as its own process; resolves with its exit code. */
function runWorker(args: readonly string[], onOutput?: (text: string) => void): { pid: number; done: Promise<number | null>; kill: () => void } {
  const child = spawn(process.execPath, ["--import", tsx, worker, ...args], { stdio: ["ignore", "pipe", "inherit"] });
  child.stdout.on("data", (chunk: Buffer) => onOutput?.(chunk.toString()));
  return { pid: child.pid ?? -1, done: new Promise((resolve) => child.on("exit", (code) => resolve(code))), kill: () => child.kill("SIGKILL") };
}

/** Every `enter` is followed by the `exit` of the same pid before any other `enter`: never two holders. */
function assertExclusive(log: string): number {
  const lines = log.trim().split("\n");
  for (let at = 0; at < lines.length; at += 2) {
    const [enter, exit] = [lines[at], lines[at + 1]];
    expect(enter?.startsWith("enter ")).toBe(true);
    expect(exit).toBe(enter?.replace("enter", "exit"));
  }
  return lines.length / 2;
}

const stateDirOf = () => mkdtemp(join(tmpdir(), "berth-lock-"));

describe("lockProject", () => {
  it("lets one holder in at a time and hands over on release", async () => {
    const stateDir = await stateDirOf();
    const first = await lockProject({ stateDir, timeoutMs: 1000, signal });
    let waitedFor = "";
    const second = lockProject({ stateDir, timeoutMs: 5000, signal, onWait: (holder) => (waitedFor = holder) });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(waitedFor).toMatch(new RegExp(`^pid ${process.pid}\\b`));
    await first.release();
    await (await second).release();
  });

  it("gives up after the timeout while the holder lives", async () => {
    const stateDir = await stateDirOf();
    const held = await lockProject({ stateDir, timeoutMs: 1000, signal });
    await expect(lockProject({ stateDir, timeoutMs: 300, signal })).rejects.toThrow(/another berth \(pid \d+/);
    await held.release();
  });

  it("takes over a stale lock of an older berth (bare pid) left by a kill", async () => {
    const stateDir = await stateDirOf();
    await writeFile(join(stateDir, "up.lock"), "999999\n");
    const lock = await lockProject({ stateDir, timeoutMs: 300, signal, isAlive: () => false });
    expect(parseHolder(await readFile(join(stateDir, "up.lock"), "utf8"))?.pid).toBe(process.pid);
    await lock.release();
    expect(await readdir(stateDir)).toEqual([]);
  });

  it("takes an empty or half-written lock file as stale at once, not as a holder to wait for", async () => {
    for (const content of ["", '{"pid": 12', "garbage"]) {
      const stateDir = await stateDirOf();
      await writeFile(join(stateDir, "up.lock"), content);
      const started = Date.now();
      const lock = await lockProject({ stateDir, timeoutMs: 5000, signal });
      expect(Date.now() - started).toBeLessThan(1000);
      await lock.release();
    }
  });

  it("does not release a lock that a successor took over", async () => {
    const stateDir = await stateDirOf();
    const lock = await lockProject({ stateDir, timeoutMs: 1000, signal });
    await writeFile(join(stateDir, "up.lock"), "successor\n");
    await lock.release();
    expect(await readFile(join(stateDir, "up.lock"), "utf8")).toBe("successor\n");
  });

  it("five real processes contending for 4 rounds each never hold it together", async () => {
    const stateDir = await stateDirOf();
    const log = join(stateDir, "log");
    await writeFile(log, "");
    const workers = Array.from({ length: 5 }, () => runWorker([stateDir, log, "4", "15"]));
    expect(await Promise.all(workers.map((w) => w.done))).toEqual([0, 0, 0, 0, 0]);
    expect(assertExclusive(await readFile(log, "utf8"))).toBe(20);
  }, 60_000);

  it("after a holder is killed with SIGKILL, exactly one of five waiting processes takes the stale lock at a time", async () => {
    const stateDir = await stateDirOf();
    const log = join(stateDir, "log");
    await writeFile(log, "");
    let said = "";
    const holder = runWorker([stateDir, log, "hang", "0"], (text) => (said += text));
    for (let tries = 0; tries < 200 && !said.includes("held"); tries++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(said).toContain("held");
    const waiters = Array.from({ length: 5 }, () => runWorker([stateDir, log, "3", "10"]));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await readFile(log, "utf8")).toBe("");
    holder.kill();
    await holder.done;
    expect(await Promise.all(waiters.map((w) => w.done))).toEqual([0, 0, 0, 0, 0]);
    expect(assertExclusive(await readFile(log, "utf8"))).toBe(15);
    expect((await readdir(stateDir)).filter((name) => name !== "log")).toEqual([]);
  }, 60_000);
});

describe("lock holder liveness", () => {
  it("knows this process, and not a dead pid nor a reused one (same pid, another start time)", () => {
    const me = ownIdentity();
    expect(isHolderAlive(me)).toBe(true);
    expect(isHolderAlive({ ...me, pid: 2 ** 22 + 7 })).toBe(false);
    if (me.start !== undefined) expect(isHolderAlive({ ...me, start: `${Number(me.start) + 1}` })).toBe(false);
  });

  it("a holder of another boot is dead; one of another pid namespace cannot be judged and counts as alive", () => {
    const me = ownIdentity();
    expect(isHolderAlive({ ...me, boot: "another-boot" })).toBe(me.boot === undefined);
    expect(isHolderAlive({ ...me, pid: 2 ** 22 + 7, pidns: "pid:[1]" })).toBe(true);
  });

  it("reads the start time past a process name holding spaces and parentheses", () => {
    const start = startTimeOf(process.pid);
    if (start !== undefined) expect(start).toMatch(/^\d+$/);
  });

  it("parses old and new lock contents, and refuses garbage", () => {
    expect(parseHolder("123\n")).toEqual({ pid: 123 });
    expect(parseHolder('{"pid":5,"start":"9","boot":"b","pidns":"pid:[4]","host":"h","nonce":"x"}')).toEqual({ pid: 5, start: "9", boot: "b", pidns: "pid:[4]", host: "h" });
    for (const bad of ["", "{", '{"pid":-1}', '{"pid":"5"}', "null", "[]"]) expect(parseHolder(bad)).toBeUndefined();
  });
});
