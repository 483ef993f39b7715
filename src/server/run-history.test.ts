import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { JournalEntry } from "../journal/journal-entry.js";
import { openJournal, runDir } from "../journal/journal.js";
import { isDeployment, isRollback, readRunHistory, summarizeRun } from "./run-history.js";

const started = (command: string, at = "2026-11-23T08:00:00.000Z"): JournalEntry => ({ type: "run-started", at, runId: "r", command, project: "p", composeFiles: [] });
const finished = (ok: boolean, at = "2026-11-23T08:01:30.500Z"): JournalEntry => ({ type: "run-finished", at, ok });
const probe = (name: string, ok: boolean): JournalEntry => ({ type: "evidence", at: "2026-11-23T08:00:10.000Z", evidence: { probe: name, kind: "http", target: "GET /", ok, summary: ok ? "200" : "502", failures: ok ? [] : ["status"], facts: {}, startedAt: "2026-11-23T08:00:10.000Z", durationMs: 4 } });

describe("summarizeRun", () => {
  it("times a finished run from its first start to its last finish, and counts its probes", () => {
    const run = summarizeRun("r", [started("up --verify"), probe("api", true), probe("ws", false), probe("db", true), finished(false, "2026-11-23T08:00:59.000Z"), finished(true)]);
    expect(run).toMatchObject({ command: "up --verify", ok: true, durationMs: 90_500, finishedAt: "2026-11-23T08:01:30.500Z", probes: { passed: 2, total: 3 } });
    expect(run?.evidence.map((e) => e.probe)).toEqual(["api", "ws", "db"]);
  });

  it("leaves ok and duration unknown for a run still going (or one that crashed)", () => {
    expect(summarizeRun("r", [started("verify")])).toMatchObject({ ok: null, finishedAt: null, durationMs: null, probes: { passed: 0, total: 0 } });
  });

  it("calls a journal without its start line `unknown`, and gives no duration", () => {
    expect(summarizeRun("r", [finished(true)])).toMatchObject({ command: "unknown", startedAt: null, ok: true, durationMs: null });
  });

  it("has nothing to say about a journal it could not read", () => {
    expect(summarizeRun("r", undefined)).toBeUndefined();
  });
});

describe("isDeployment and isRollback", () => {
  it.each([
    ["up", true, false],
    ["up --verify", true, false],
    ["update", false, false],
    ["rollback", false, true],
    ["rollback --to 3", false, true],
    ["verify", false, false],
  ])("%s", (command, deployment, rollback) => {
    const run = summarizeRun("r", [started(command)]);
    if (run === undefined) throw new Error("no run");
    expect([isDeployment(run), isRollback(run)]).toEqual([deployment, rollback]);
  });
});

describe("readRunHistory", () => {
  it("lists the newest runs first up to the limit, skipping a run folder without a journal, and says which saved a report", async () => {
    const stateDir = mkdtempSync(join(tmpdir(), "berth-history-"));
    const ids = ["20261123T080000Z-000001", "20261123T090000Z-000002", "20261123T100000Z-000003", "20261123T110000Z-000004"];
    for (const id of ids.slice(0, 3)) {
      const journal = await openJournal(stateDir, id);
      await journal.append({ type: "run-started", runId: id, command: "verify", project: "p", composeFiles: [] });
    }
    expect((await readRunHistory(stateDir, 2)).map((r) => r.runId)).toEqual([ids[2], ids[1]]);
    mkdirSync(runDir(stateDir, ids[3] as string), { recursive: true });
    writeFileSync(join(runDir(stateDir, ids[1] as string), "report.html"), "<html></html>");
    const all = await readRunHistory(stateDir);
    expect(all.map((r) => [r.runId, r.hasReport])).toEqual([[ids[2], false], [ids[1], true], [ids[0], false]]);
  });

  it("is empty for a project that never ran", async () => {
    expect(await readRunHistory(join(tmpdir(), "berth-history-none", String(process.pid)))).toEqual([]);
  });
});
