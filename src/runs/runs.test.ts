import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { StoredBackup } from "../backup/backup-store.js";
import type { BackupManifest } from "../backup/manifest.js";
import { createRedactor } from "../common/redact.js";
import { FakeEngine } from "../engine/fake-engine.js";
import type { JournalEntry } from "../journal/journal-entry.js";
import { journalPath } from "../journal/journal.js";
import { testProject } from "../plan/test-project.js";
import { runBackup } from "./backup.js";
import { runMigrate } from "./migrate.js";
import { runRestore } from "./restore.js";
import { takeRunLock } from "./run-lock.js";
import { isVerified } from "./verified.js";
import { runVerify } from "./verify.js";

// Each run is journalled (started, finished even when it throws) and holds the project lock.

const dirs: string[] = [];
afterEach(async () => Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true }))));

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "berth-runs-"));
  dirs.push(dir);
  return dir;
}

async function journals(stateDir: string): Promise<JournalEntry[][]> {
  const runs = (await readdir(join(stateDir, "runs"))).sort();
  return Promise.all(runs.map(async (runId) => (await readFile(journalPath(stateDir, runId), "utf8")).trim().split("\n").map((line) => JSON.parse(line) as JournalEntry)));
}

const project = testProject("shop", { db: { image: "postgres:15" } });
const redactor = createRedactor([]);
const signal = new AbortController().signal;

describe("runVerify", () => {
  it("journals one verify run with its verdict, and waits for a run that holds the lock", async () => {
    const stateDir = await tempDir();
    const engine = new FakeEngine({ images: ["postgres:15"] });
    const held = await takeRunLock({ stateDir, signal });
    let done = false;
    const told: string[] = [];
    const verifying = runVerify({ engine, project, stateDir, redactor, signal, infer: "never", onLockWait: (holder) => told.push(holder) }).then((run) => {
      done = true;
      return run;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(done).toBe(false);
    expect(told).toHaveLength(1);
    await held.release();
    const run = await verifying;
    const [journal] = await journals(stateDir);
    expect(journal?.[0]).toMatchObject({ type: "run-started", command: "verify", runId: run.runId });
    expect(journal?.at(-1)).toEqual(expect.objectContaining({ type: "run-finished", ok: isVerified(run) }));
    expect(run.reportPaths.json).toContain(run.runId);
  });
});

describe("runBackup", () => {
  it("journals a backup run even with nothing to back up", async () => {
    const stateDir = await tempDir();
    const run = await runBackup({ engine: new FakeEngine(), project, stateDir, redactor, signal, targets: [], dir: await tempDir(), drill: true, compress: false, berthVersion: "test", timeoutMs: 1_000 });
    expect(run.outcomes).toEqual([]);
    const [journal] = await journals(stateDir);
    expect(journal?.map((e) => e.type)).toEqual(["run-started", "run-finished"]);
    expect(journal?.[0]).toMatchObject({ command: "backup" });
    expect(journal?.[1]).toEqual(expect.objectContaining({ ok: true }));
  });
});

describe("runMigrate", () => {
  it("ends a run whose migrations folder is missing as failed, with the loader's error", async () => {
    const stateDir = await tempDir();
    const settings = { service: "db", dir: join(stateDir, "no-such-folder") };
    await expect(runMigrate({ engine: new FakeEngine(), project, stateDir, redactor, signal, settings, timeoutMs: 1_000 })).rejects.toMatchObject({ code: "migrate.no-dir" });
    const [journal] = await journals(stateDir);
    expect(journal?.map((e) => e.type)).toEqual(["run-started", "run-finished"]);
    expect(journal?.[0]).toMatchObject({ command: "migrate" });
    expect(journal?.[1]).toEqual(expect.objectContaining({ ok: false }));
  });
});

describe("runRestore", () => {
  it("refuses a damaged artifact, ends the run as failed and frees the lock", async () => {
    const stateDir = await tempDir();
    const dir = await tempDir();
    const manifest = { driver: "postgres", artifact: "db.dump", sizeBytes: 10, sha256: "0".repeat(64) } as unknown as BackupManifest;
    const stored: StoredBackup = { manifest, artifactPath: join(dir, "db.dump"), manifestPath: join(dir, "db.dump.manifest.json") };
    const target = { service: "db", driver: "postgres" } as Parameters<typeof runRestore>[0]["target"];
    const restore = () => runRestore({ engine: new FakeEngine(), project, stateDir, redactor, signal, target, stored, dir, timeoutMs: 1_000 });
    await expect(restore()).rejects.toMatchObject({ code: "restore.damaged" });
    await expect(restore()).rejects.toMatchObject({ code: "restore.damaged" });
    const runs = await journals(stateDir);
    expect(runs.map((journal) => journal.at(-1))).toEqual([expect.objectContaining({ type: "run-finished", ok: false }), expect.objectContaining({ type: "run-finished", ok: false })]);
    expect(runs[0]?.[0]).toMatchObject({ command: "restore" });
  });
});
