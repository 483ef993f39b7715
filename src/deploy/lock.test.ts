import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lockProject } from "./lock.js";

const signal = new AbortController().signal;

describe("lockProject", () => {
  it("lets one holder in at a time and hands over on release", async () => {
    const stateDir = await mkdtemp(join(tmpdir(), "berth-lock-"));
    const first = await lockProject({ stateDir, timeoutMs: 1000, signal });
    let waitedFor = "";
    const second = lockProject({ stateDir, timeoutMs: 5000, signal, onWait: (holder) => (waitedFor = holder) });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(waitedFor).toBe(`pid ${process.pid}`);
    await first.release();
    await (await second).release();
  });

  it("gives up after the timeout while the holder lives", async () => {
    const stateDir = await mkdtemp(join(tmpdir(), "berth-lock-"));
    const held = await lockProject({ stateDir, timeoutMs: 1000, signal });
    await expect(lockProject({ stateDir, timeoutMs: 300, signal })).rejects.toThrow(/another berth/);
    await held.release();
  });

  it("takes over a stale lock left by a killed berth", async () => {
    const stateDir = await mkdtemp(join(tmpdir(), "berth-lock-"));
    await writeFile(join(stateDir, "up.lock"), "999999\n");
    const lock = await lockProject({ stateDir, timeoutMs: 300, signal, isAlive: () => false });
    expect(await readFile(join(stateDir, "up.lock"), "utf8")).toBe(`${process.pid}\n`);
    await lock.release();
  });
});
