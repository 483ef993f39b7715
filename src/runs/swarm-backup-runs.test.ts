import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FakeDatastores } from "../backup/testing/fake-datastores.js";
import { createRedactor } from "../common/redact.js";
import { FakeEngine } from "../engine/fake-engine.js";
import type { JournalEntry } from "../journal/journal-entry.js";
import { journalPath } from "../journal/journal.js";
import { testProject } from "../plan/test-project.js";
import { runSwarmBackup } from "./backup.js";
import { runSwarmRestore } from "./restore.js";

// The Swarm branches of backup and restore are runs like any other: journalled, under the lock, in history.
const dirs: string[] = [];
afterEach(async () => Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true }))));
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "berth-swarm-runs-"));
  dirs.push(dir);
  return dir;
}
async function journals(stateDir: string): Promise<JournalEntry[][]> {
  const runs = (await readdir(join(stateDir, "runs"))).sort();
  return Promise.all(runs.map(async (runId) => (await readFile(journalPath(stateDir, runId), "utf8")).trim().split("\n").map((line) => JSON.parse(line) as JournalEntry)));
}

const project = testProject("shop", { db: { image: "postgres:15" } });
const redactor = createRedactor(["s3cret"]);
const signal = new AbortController().signal;
const dump = Buffer.from("PGDMP pretend dump");
const sha = createHash("sha256").update(dump).digest("hex");
const nodeJobs = new FakeDatastores((job) =>
  job.role === "backup"
    ? { stdout: `berth-count|public.notes|2\nberth-dump-status|0\nberth-artifact|${dump.length}|${sha}\nberth-artifact-begin\n${dump.toString("base64")}\nberth-artifact-end\n` }
    : job.role === "drill"
      ? { stdout: "berth-count|public.notes|2\n" }
      : { stdout: "berth-restore-ok\nberth-count|public.notes|2\n" },
);
const target = { service: "db", driver: "postgres" as const, image: "postgres:15", config: { consistency: "stop" as const } };

describe("runSwarmBackup and runSwarmRestore", () => {
  it("journal a step per service naming the node, and record the restore in history", async () => {
    const stateDir = await tempDir();
    const dir = await tempDir();
    const engine = new FakeEngine({ images: ["postgres:15"] });
    const run = await runSwarmBackup({ engine, project, stateDir, redactor, signal, locate: nodeJobs.locate, targets: [target], dir, drill: true, berthVersion: "test" });
    expect(run.outcomes.map((outcome) => outcome.ok)).toEqual([true]);
    const stored = run.outcomes[0]?.stored;
    if (stored === undefined) throw new Error("no backup");

    const restored = await runSwarmRestore({ engine, project, stateDir, redactor, signal, locate: nodeJobs.locate, target, stored });
    expect(restored).toMatchObject({ ok: true, node: "node-3" });

    // Run ids sort by the second they started: both runs may share one, so find each by its command.
    const all = await journals(stateDir);
    const byCommand = (command: string) => all.find((journal) => (journal[0] as { command?: string } | undefined)?.command === command);
    const [backupJournal, restoreJournal] = [byCommand("backup (swarm)"), byCommand("restore (swarm)")];
    expect(backupJournal?.[0]).toMatchObject({ type: "run-started", command: "backup (swarm)" });
    expect(backupJournal?.find((entry) => entry.type === "step")).toMatchObject({ service: "db", operation: "backup", outcome: "ok", detail: `${stored.artifactPath} (on node-3): restore drill passed` });
    expect(backupJournal?.at(-1)).toMatchObject({ type: "run-finished", ok: true });
    expect(restoreJournal?.[0]).toMatchObject({ type: "run-started", command: "restore (swarm)" });
    expect(restoreJournal?.find((entry) => entry.type === "step")).toMatchObject({ service: "db", operation: "restore", outcome: "ok", cause: `restore ${stored.manifest.artifact} on node-3` });
    const history = await readFile(join(stateDir, "releases.jsonl"), "utf8");
    expect(history).toContain(`restored db from ${stored.manifest.artifact} on node-3 (swarm)`);
    expect(history + JSON.stringify(backupJournal) + JSON.stringify(restoreJournal)).not.toContain("s3cret");
  });

  it("a failed backup ends the run as failed", async () => {
    const stateDir = await tempDir();
    const failing = new FakeDatastores(() => ({}), { missing: "service db has no running task" });
    const run = await runSwarmBackup({ engine: new FakeEngine({ images: ["postgres:15"] }), project, stateDir, redactor, signal, locate: failing.locate, targets: [target], dir: await tempDir(), drill: true, berthVersion: "test" });
    expect(run.outcomes).toMatchObject([{ service: "db", ok: false, error: "service db has no running task" }]);
    const [journal] = await journals(stateDir);
    expect(journal?.find((entry) => entry.type === "step")).toMatchObject({ outcome: "failed", detail: "service db has no running task" });
    expect(journal?.at(-1)).toMatchObject({ type: "run-finished", ok: false });
  });
});
