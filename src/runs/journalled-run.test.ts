import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FakeEngine } from "../engine/fake-engine.js";
import type { JournalEntry } from "../journal/journal-entry.js";
import { journalPath } from "../journal/journal.js";
import { testProject } from "../plan/test-project.js";
import { journalledRun, type RunSpec } from "./journalled-run.js";

const dirs: string[] = [];
afterEach(async () => Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true }))));

async function spec(overrides: Partial<RunSpec> = {}): Promise<RunSpec> {
  const stateDir = await mkdtemp(join(tmpdir(), "berth-journalled-run-"));
  dirs.push(stateDir);
  const project = testProject("shop", { api: { image: "node:20" } });
  return { engine: new FakeEngine({ images: ["node:20"] }), project, stateDir, command: "test", redact: <T>(value: T) => value, signal: new AbortController().signal, ...overrides };
}

async function onlyJournal(stateDir: string): Promise<JournalEntry[]> {
  const [runId, ...others] = await readdir(join(stateDir, "runs"));
  expect(others).toEqual([]);
  return (await readFile(journalPath(stateDir, runId ?? ""), "utf8")).trim().split("\n").map((line) => JSON.parse(line) as JournalEntry);
}

describe("journalledRun", () => {
  it("opens with run-started, hands the body its journal, and ends with the body's verdict", async () => {
    const run = await spec();
    const result = await journalledRun(run, async ({ journal }) => {
      await journal.append({ type: "step", operation: "probe", cause: "test", outcome: "ok", startedAt: "2026-12-07T17:00:00.000Z", endedAt: "2026-12-07T17:00:01.000Z" });
      return { runId: journal.runId, fine: true };
    }, (r) => ({ ok: r.fine }));
    const journal = await onlyJournal(run.stateDir);
    expect(journal.map((e) => e.type)).toEqual(["run-started", "step", "run-finished"]);
    expect(journal[0]).toMatchObject({ runId: result.runId, command: "test", project: "shop" });
    expect(journal[2]).toEqual(expect.objectContaining({ ok: true }));
    expect(journal[2]).not.toHaveProperty("interrupted");
  });

  it("writes run-finished ok: false when the body throws, and rethrows the error", async () => {
    const run = await spec();
    await expect(journalledRun(run, async () => { throw new Error("engine went away"); }, () => ({ ok: true }))).rejects.toThrow("engine went away");
    const journal = await onlyJournal(run.stateDir);
    expect(journal.map((e) => e.type)).toEqual(["run-started", "run-finished"]);
    expect(journal[1]).toEqual(expect.objectContaining({ ok: false }));
  });

  it("records an interrupted run as interrupted and not ok, whatever the body said", async () => {
    const stop = new AbortController();
    const run = await spec({ signal: stop.signal });
    await journalledRun(run, async () => stop.abort(), () => ({ ok: true }));
    const finished = (await onlyJournal(run.stateDir)).at(-1);
    expect(finished).toEqual(expect.objectContaining({ type: "run-finished", ok: false, interrupted: true }));
  });

  it("takes the body's own interrupted flag too", async () => {
    const run = await spec();
    await journalledRun(run, async () => "stopped", () => ({ ok: false, interrupted: true }));
    expect((await onlyJournal(run.stateDir)).at(-1)).toEqual(expect.objectContaining({ ok: false, interrupted: true }));
  });

  it("passes every line through the redactor", async () => {
    const run = await spec({ redact: <T>(value: T): T => JSON.parse(JSON.stringify(value).replaceAll("shop", "***")) as T });
    await journalledRun(run, async () => undefined, () => ({ ok: true }));
    expect((await onlyJournal(run.stateDir))[0]).toMatchObject({ project: "***" });
  });

  it("streams the project's engine events to the body while it runs", async () => {
    const run = await spec();
    const engine = run.engine as FakeEngine;
    const seen = await journalledRun(run, async ({ events }) => {
      const id = await engine.createContainer({ name: "shop-api-1", Image: "node:20", Labels: { "com.docker.compose.project": "shop", "com.docker.compose.service": "api" } });
      await engine.startContainer(id);
      for (let i = 0; i < 10 && !events.describe(id).includes("start"); i++) await events.next(id, 200, run.signal);
      return events.describe(id);
    }, () => ({ ok: true }));
    expect(seen).toEqual(["create", "start"]);
  });
});
