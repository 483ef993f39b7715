import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { JournalEntry, NewJournalEntry } from "../../journal/journal-entry.js";
import { openJournal } from "../../journal/journal.js";
import { runCli } from "../main.js";
import { testIO } from "../testing/test-io.js";
import { readRunRecords, recordOf, renderRunHistory } from "./swarm-history.js";

const at = "2026-12-08T01:00:00.000Z";
const started = (command: string): JournalEntry => ({ type: "run-started", at, runId: "r", command, project: "shop", composeFiles: [] });
const step = (service: string, operation: string, outcome: "ok" | "failed" | "skipped", detail?: string): JournalEntry => ({ type: "step", at, service, operation, cause: "swarm stack", outcome, startedAt: at, endedAt: at, ...(detail ? { detail } : {}) });

async function journal(stateDir: string, runId: string, entries: readonly NewJournalEntry[]): Promise<void> {
  const opened = await openJournal(stateDir, runId);
  for (const entry of entries) await opened.append(entry);
}

describe("recordOf", () => {
  it("a run's command, outcome, each service's step and the diagnoses", () => {
    const record = recordOf("20261208T010000Z-aaaaaa", [
      started("up (swarm)"),
      step("store", "create service", "ok", "running on node-3"),
      step("app", "create service", "failed", "failed on node-2"),
      { type: "diagnosis", at, service: "app", diagnosis: { code: "crash-loop", message: "3 tasks failed on node node-2", hint: "h" } },
      step("edge", "skip service", "skipped"),
      { type: "run-finished", at, ok: false },
    ]);
    expect(record).toEqual({
      runId: "20261208T010000Z-aaaaaa",
      startedAt: at,
      command: "up (swarm)",
      outcome: "failed",
      steps: [
        { service: "store", operation: "create service", outcome: "ok", detail: "running on node-3" },
        { service: "app", operation: "create service", outcome: "failed", detail: "failed on node-2" },
        { service: "edge", operation: "skip service", outcome: "skipped", detail: "" },
      ],
      diagnoses: [{ service: "app", code: "crash-loop", message: "3 tasks failed on node node-2" }],
    });
  });

  it("says interrupted, unfinished, and skips a journal without its start", () => {
    expect(recordOf("r", [started("up (swarm)"), { type: "run-finished", at, ok: false, interrupted: true }])?.outcome).toBe("interrupted");
    expect(recordOf("r", [started("up (swarm)")])?.outcome).toBe("unfinished");
    expect(recordOf("r", [started("verify"), { type: "run-finished", at, ok: true }])?.outcome).toBe("ok");
    expect(recordOf("r", [{ type: "run-finished", at, ok: true }])).toBeUndefined();
  });
});

describe("readRunRecords and renderRunHistory", () => {
  it("lists the runs newest first under the target they were asked of", async () => {
    const stateDir = mkdtempSync(join(tmpdir(), "berth-swarm-history-"));
    await journal(stateDir, "20261208T010000Z-aaaaaa", [{ type: "run-started", runId: "20261208T010000Z-aaaaaa", command: "up (swarm)", project: "shop", composeFiles: [] }, { type: "step", service: "store", operation: "create service", cause: "swarm stack", outcome: "ok", startedAt: at, endedAt: at, detail: "running on node-3" }, { type: "run-finished", ok: true }]);
    await journal(stateDir, "20261208T020000Z-bbbbbb", [{ type: "run-started", runId: "20261208T020000Z-bbbbbb", command: "up (swarm)", project: "shop", composeFiles: [] }, { type: "step", service: "store", operation: "keep service", cause: "swarm stack", outcome: "ok", startedAt: at, endedAt: at }, { type: "run-finished", ok: true }]);
    // A torn folder (no journal) is not a run.
    mkdirSync(join(stateDir, "runs", "20261208T030000Z-cccccc"), { recursive: true });
    writeFileSync(join(stateDir, "runs", "20261208T030000Z-cccccc", "report.md"), "x");
    const runs = await readRunRecords(stateDir);
    expect(runs.map((run) => `${run.runId} ${run.outcome} ${run.steps.map((s) => s.operation).join(",")}`)).toEqual(["20261208T020000Z-bbbbbb ok keep service", "20261208T010000Z-aaaaaa ok create service"]);
    const text = renderRunHistory({ stack: "shop", manager: "tcp://127.0.0.1:2375", stateDir }, runs);
    const lines = text.split("\n");
    expect(lines[0]).toBe(`stack shop on the Swarm manager tcp://127.0.0.1:2375: runs berth made from this machine (journals in ${stateDir})`);
    expect(lines[1]).toMatch(/^20261208T020000Z-bbbbbb {2}\S+ {2}ok {10}up \(swarm\)$/);
    expect(lines[2]).toBe("    store: keep service ok");
    expect(lines[4]).toBe("    store: create service ok (running on node-3)");
  });

  it("prints a failed run's diagnoses under its steps", () => {
    const record = recordOf("r1", [started("up (swarm)"), step("app", "create service", "failed", "failed on node-2"), { type: "diagnosis", at, service: "app", diagnosis: { code: "crash-loop", message: "3 tasks failed on node node-2" } }, { type: "run-finished", at, ok: false }]);
    expect(renderRunHistory({ stack: "shop", manager: "m", stateDir: "/s" }, record ? [record] : []).split("\n").slice(1)).toEqual([
      `r1  ${at}  failed      up (swarm)`,
      "    app: create service failed (failed on node-2)",
      "    ! app: crash-loop: 3 tasks failed on node node-2",
      "",
    ]);
  });

  it("says so when no run is recorded", async () => {
    const stateDir = mkdtempSync(join(tmpdir(), "berth-swarm-history-"));
    expect(renderRunHistory({ stack: "shop", manager: "m", stateDir }, await readRunRecords(stateDir))).toBe(`stack shop on the Swarm manager m: runs berth made from this machine (journals in ${stateDir})\nno run recorded yet (berth up records one)\n`);
  });
});

describe("berth history off a manager", () => {
  it("an engine that cannot be reached leaves the release history (no Swarm line)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "berth-history-cli-"));
    // Port 1 on the loopback: nothing listens, the connection is refused at once.
    const { io, stdout } = testIO(dir, { BERTH_STATE_DIR: join(dir, "state"), DOCKER_HOST: "tcp://127.0.0.1:1" });
    expect(await runCli(["history", "-p", "shop"], io)).toBe(0);
    expect(stdout.text).toBe("no deployments recorded yet (berth up records one per run that changes something)\n");
  });
});
