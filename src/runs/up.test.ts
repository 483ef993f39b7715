import { access, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createRedactor } from "../common/redact.js";
import { FakeEngine } from "../engine/fake-engine.js";
import type { JournalEntry } from "../journal/journal-entry.js";
import { journalPath } from "../journal/journal.js";
import { testProject } from "../plan/test-project.js";
import { stopLedgerIn } from "../backup/stop-ledger.js";
import { runUp, type UpRunOptions } from "./up.js";

const dirs: string[] = [];
afterEach(async () => Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true }))));

const healthcheck = { test: ["CMD", "true"], interval: "5s" };
const project = testProject("shop", {
  db: { image: "postgres:15", healthcheck },
  api: { image: "node:20", healthcheck, depends_on: { db: { condition: "service_healthy", required: true } } },
});

function engineWith(broken: readonly string[] = []): FakeEngine {
  return new FakeEngine({
    images: ["postgres:15", "node:20"],
    behave: (request) => (broken.includes(request.Labels?.["com.docker.compose.service"] ?? "") ? { exitOnStart: 1, logs: [{ stream: "stderr", text: "fatal: bad config\n" }] } : { health: "healthy" }),
  });
}

async function options(engine: FakeEngine, extra: Partial<UpRunOptions> = {}): Promise<UpRunOptions> {
  const stateDir = await mkdtemp(join(tmpdir(), "berth-up-run-"));
  dirs.push(stateDir);
  const base: UpRunOptions = { engine, project, stateDir, redactor: createRedactor([]), verify: false, signal: new AbortController().signal, waitTimeoutMs: 5_000, stableMs: 0, build: "missing", removeOrphans: false, forceRecreate: false, pull: "never" };
  return { ...base, ...extra };
}

async function journalOf(stateDir: string, runId: string): Promise<JournalEntry[]> {
  return (await readFile(journalPath(stateDir, runId), "utf8")).trim().split("\n").map((line) => JSON.parse(line) as JournalEntry);
}

const lockFree = (stateDir: string) => access(join(stateDir, "up.lock")).then(() => false, () => true);

describe("runUp", () => {
  it("journals the run: started, the times of the services it changed, finished ok; then frees the lock", async () => {
    const opts = await options(engineWith());
    const run = await runUp(opts);
    expect(run.result.ok).toBe(true);
    const journal = await journalOf(opts.stateDir, run.runId ?? "");
    expect(journal.map((e) => e.type)).toEqual(["run-started", "service", "service", "run-finished"]);
    expect(journal[0]).toMatchObject({ command: "up", project: "shop" });
    expect(journal.at(-1)).toEqual(expect.objectContaining({ ok: true }));
    expect(await lockFree(opts.stateDir)).toBe(true);
  });

  it("journals each diagnosis of a failed service and ends the run not ok", async () => {
    const run = await options(engineWith(["api"]));
    const result = await runUp(run);
    expect(result.result.ok).toBe(false);
    const journal = await journalOf(run.stateDir, result.runId ?? "");
    expect(journal.filter((e) => e.type === "diagnosis").map((e) => (e.type === "diagnosis" ? e.service : ""))).toContain("api");
    expect(journal.at(-1)).toEqual(expect.objectContaining({ type: "run-finished", ok: false }));
  });

  it("ends a run that throws with run-finished ok: false, rethrows, and frees the lock for the next run", async () => {
    const engine = engineWith();
    const run = await options(engine, { beforeExecute: async () => { throw new Error("backup unproven"); } });
    await expect(runUp(run)).rejects.toThrow("backup unproven");
    const [runId] = await readdir(join(run.stateDir, "runs"));
    const journal = await journalOf(run.stateDir, runId ?? "");
    expect(journal.map((e) => e.type)).toEqual(["run-started", "run-finished"]);
    expect(journal[1]).toEqual(expect.objectContaining({ ok: false }));
    expect(await lockFree(run.stateDir)).toBe(true);
    expect((await runUp({ ...run, beforeExecute: async () => undefined })).result.ok).toBe(true);
  });

  it("a dry run plans, changes nothing and records no run", async () => {
    const engine = engineWith();
    const planned: string[] = [];
    const run = await options(engine, { dryRun: true, onPlan: (plan) => planned.push(...plan.steps.map((s) => s.operation.kind)) });
    const result = await runUp(run);
    expect(result.runId).toBeUndefined();
    expect(planned).toContain("start-container");
    expect(engine.calls.filter((call) => call.startsWith("start "))).toEqual([]);
    await expect(readdir(join(run.stateDir, "runs"))).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("tells onDeployed the result before the run ends", async () => {
    const seen: boolean[] = [];
    const run = await runUp(await options(engineWith(), { onDeployed: (result) => seen.push(result.ok) }));
    expect(seen).toEqual([run.result.ok]);
  });

  it("first starts again what a killed backup or restore had stopped, and says so", async () => {
    const engine = engineWith();
    const first = await options(engine);
    expect((await runUp(first)).result.ok).toBe(true);
    const [db] = await engine.listContainers({ labels: { "com.docker.compose.service": "db" } });
    await engine.stopContainer(db?.id ?? "");
    await stopLedgerIn(first.stateDir).add(db?.id ?? "");
    const repaired: string[] = [];
    expect((await runUp({ ...first, onRepaired: (line) => repaired.push(line) })).result.ok).toBe(true);
    expect(repaired).toEqual([expect.stringContaining("stopped by an interrupted backup or restore")]);
    expect((await engine.inspectContainer(db?.id ?? ""))?.State.Running).toBe(true);
    expect(await stopLedgerIn(first.stateDir).read()).toEqual([]);
  });
});
