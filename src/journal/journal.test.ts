import { mkdtempSync, appendFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createRedactor } from "../common/redact.js";
import { journalPath, latestRun, listRuns, newRunId, openJournal, pruneRuns, readJournal } from "./journal.js";

describe("journal", () => {
  it("appends entries in order, redacted, and reads them back", async () => {
    const stateDir = mkdtempSync(join(tmpdir(), "berth-journal-"));
    const redactor = createRedactor(["canary-secret-99"]);
    const journal = await openJournal(stateDir, "20261123T070000Z-aaaaaa", { redact: redactor.data, now: () => new Date("2026-11-23T07:00:00Z") });
    await Promise.all([
      journal.append({ type: "run-started", runId: journal.runId, command: "up", project: "shop", composeFiles: ["/p/compose.yaml"] }),
      journal.append({ type: "step", service: "db", operation: "start-container", cause: "env DB_PASSWORD=canary-secret-99", outcome: "ok", startedAt: "a", endedAt: "b" }),
      journal.append({ type: "run-finished", ok: true }),
    ]);
    const entries = await readJournal(stateDir, journal.runId);
    expect(entries.map((e) => e.type)).toEqual(["run-started", "step", "run-finished"]);
    expect(entries[0]?.at).toBe("2026-11-23T07:00:00.000Z");
    expect(JSON.stringify(entries)).not.toContain("canary-secret-99");
  });

  it("skips a torn last line and lists runs oldest first", async () => {
    const stateDir = mkdtempSync(join(tmpdir(), "berth-journal-"));
    const older = newRunId(new Date("2026-11-23T07:00:00Z"));
    const newer = newRunId(new Date("2026-11-23T08:00:00Z"));
    expect(older).toMatch(/^20261123T070000Z-[0-9a-f]{6}$/);
    for (const id of [newer, older]) await (await openJournal(stateDir, id)).append({ type: "run-finished", ok: true });
    appendFileSync(journalPath(stateDir, newer), '{"type":"ste');
    expect(await readJournal(stateDir, newer)).toHaveLength(1);
    expect(await listRuns(stateDir)).toEqual([older, newer]);
    expect(await latestRun(stateDir)).toBe(newer);
    expect(await latestRun(join(stateDir, "nothing"))).toBeUndefined();
  });

  it("keeps the newest runs when a run opens, the one opening included, and never fails on a folder already gone", async () => {
    const stateDir = mkdtempSync(join(tmpdir(), "berth-journal-"));
    const ids = [1, 2, 3, 4].map((hour) => newRunId(new Date(`2026-11-23T0${hour}:00:00Z`)));
    for (const id of ids.slice(0, 3)) await openJournal(stateDir, id, { keepRuns: 3 });
    expect(await listRuns(stateDir)).toEqual(ids.slice(0, 3));
    await openJournal(stateDir, ids[3] as string, { keepRuns: 3 });
    expect(await listRuns(stateDir)).toEqual(ids.slice(1));
    // A run opened with a clock behind the others still survives its own pruning.
    const early = newRunId(new Date("2026-11-22T00:00:00Z"));
    await openJournal(stateDir, early, { keepRuns: 1 });
    expect(await listRuns(stateDir)).toEqual([early, ids[3]]);
    expect(await pruneRuns(join(stateDir, "nothing"), 1, early)).toEqual([]);
  });
});
