import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { defaultLockWaitMs, lockWaitMs, takeRunLock } from "./run-lock.js";

const dirs: string[] = [];
afterEach(async () => Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true }))));

async function stateDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "berth-run-lock-"));
  dirs.push(dir);
  return dir;
}

describe("lock policy", () => {
  it("waits as long as the run's own deadline, else five minutes", () => {
    expect(lockWaitMs(30_000)).toBe(30_000);
    expect(lockWaitMs(undefined)).toBe(defaultLockWaitMs);
    expect(defaultLockWaitMs).toBe(300_000);
    expect(lockWaitMs(0)).toBe(defaultLockWaitMs);
  });

  it("lets one run in at a time: a second waits, is told who holds it, and gets in once the first releases", async () => {
    const dir = await stateDir();
    const signal = new AbortController().signal;
    const first = await takeRunLock({ stateDir: dir, signal });
    const told: string[] = [];
    let secondIn = false;
    const second = takeRunLock({ stateDir: dir, signal, waitTimeoutMs: 5_000, onWait: (holder) => told.push(holder) }).then((lock) => {
      secondIn = true;
      return lock;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(secondIn).toBe(false);
    expect(told).toHaveLength(1);
    await first.release();
    await (await second).release();
    expect(secondIn).toBe(true);
  });

  it("gives up after the run's deadline while the holder lives", async () => {
    const dir = await stateDir();
    const signal = new AbortController().signal;
    const held = await takeRunLock({ stateDir: dir, signal });
    const started = Date.now();
    await expect(takeRunLock({ stateDir: dir, signal, waitTimeoutMs: 300 })).rejects.toMatchObject({ exitCode: 1 });
    expect(Date.now() - started).toBeLessThan(3_000);
    await held.release();
  });
});
