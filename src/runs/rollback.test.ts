import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { JournalEntry } from "../journal/journal-entry.js";
import { journalPath } from "../journal/journal.js";
import { containersOf, deployedStack } from "../rollout/test-stack.js";
import { releaseOfRun } from "../release/release-of-run.js";
import { recordRelease } from "../release/release-store.js";
import { runRollback } from "./rollback.js";
import { acceptImageIds, deploy } from "../release/test-releases.js";

const dirs: string[] = [];
afterEach(async () => Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true }))));

async function journalOf(stateDir: string, runId: string): Promise<JournalEntry[]> {
  return (await readFile(journalPath(stateDir, runId), "utf8")).trim().split("\n").map((line) => JSON.parse(line) as JournalEntry);
}

describe("runRollback", () => {
  it("journals the rollback as a run (start, one step per rollout, finish) with secrets redacted", async () => {
    const stack = await deployedStack();
    await acceptImageIds(stack.engine);
    const stateDir = await mkdtemp(join(tmpdir(), "berth-rollback-run-"));
    dirs.push(stateDir);
    await recordRelease(stateDir, releaseOfRun({ project: stack.project("app:1"), command: "up", before: stack.observed, after: stack.observed, outcomes: [], targets: new Map(), otherFailures: [], at: "2026-11-23T08:39:00.000Z" }));
    await deploy(stack, stateDir, "app:2");
    const redact = <T>(value: T): T => JSON.parse(JSON.stringify(value).replaceAll("shop", "[project]")) as T;

    const result = await runRollback({ engine: stack.engine, project: stack.project("app:2"), stateDir, signal: stack.signal, waitTimeoutMs: 2000, settleMs: 0, redact });

    expect(result.release).toMatchObject({ command: "rollback", rollbackOf: 1, outcome: "deployed" });
    expect(await containersOf(stack.engine)).toEqual(["shop-api-1 app:1 running"]);
    const journal = await journalOf(stateDir, result.runId);
    expect(journal.map((e) => e.type)).toEqual(["run-started", "step", "run-finished"]);
    expect(journal[0]).toMatchObject({ command: "rollback", project: "[project]" });
    expect(journal[1]).toMatchObject({ service: "api", operation: "rollout", cause: "rollback to #1", outcome: "ok", detail: "replaced" });
    expect(journal[2]).toMatchObject({ ok: true });
  });

  it("journals a refused rollback as a failed run and releases the lock", async () => {
    const stack = await deployedStack();
    const stateDir = await mkdtemp(join(tmpdir(), "berth-rollback-run-"));
    dirs.push(stateDir);
    const options = { engine: stack.engine, project: stack.project("app:1"), stateDir, signal: stack.signal, waitTimeoutMs: 2000, settleMs: 0, redact: <T>(value: T) => value };
    await expect(runRollback(options)).rejects.toMatchObject({ code: "rollback-nothing" });
    // The lock was released: a second attempt gets as far as the same refusal rather than a lock timeout.
    await expect(runRollback(options)).rejects.toMatchObject({ code: "rollback-nothing" });
    const runs = await readdir(join(stateDir, "runs"));
    const finished = await Promise.all(runs.map(async (runId) => (await journalOf(stateDir, runId)).at(-1)));
    expect(finished).toEqual([expect.objectContaining({ type: "run-finished", ok: false }), expect.objectContaining({ type: "run-finished", ok: false })]);
  });
});
