import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createRedactor } from "../common/redact.js";
import { journalPath, listRuns, newRunId, openJournal, pruneRuns, readJournal, runDir } from "./journal.js";

const freshStateDir = () => mkdtempSync(join(tmpdir(), "berth-journal-files-"));
const RUN = "20261123T070000Z-0a0b0c";

describe("journal files on disk", () => {
  it("keeps the state, runs and run folders private (0700) and the journal 0600, tightening a folder an older berth left open", async () => {
    const stateDir = freshStateDir();
    mkdirSync(join(stateDir, "runs"), { mode: 0o755 });
    const journal = await openJournal(stateDir, RUN);
    await journal.append({ type: "run-finished", ok: true });
    const mode = (path: string) => statSync(path).mode & 0o777;
    expect([mode(stateDir), mode(join(stateDir, "runs")), mode(runDir(stateDir, RUN)), mode(journalPath(stateDir, RUN))]).toEqual([0o700, 0o700, 0o700, 0o600]);
    expect(journal.dir).toBe(runDir(stateDir, RUN));
  });

  it("keeps the time a caller gives an entry, and stamps the others with the journal's clock", async () => {
    const stateDir = freshStateDir();
    const journal = await openJournal(stateDir, RUN, { now: () => new Date("2026-11-23T07:00:05Z") });
    await journal.append({ type: "run-started", runId: RUN, command: "up", project: "shop", composeFiles: [], at: "2026-11-23T06:59:59.000Z" });
    await journal.append({ type: "run-finished", ok: false, interrupted: true });
    const entries = await readJournal(stateDir, RUN);
    expect(entries.map((e) => e.at)).toEqual(["2026-11-23T06:59:59.000Z", "2026-11-23T07:00:05.000Z"]);
    expect(entries[1]).toEqual({ at: "2026-11-23T07:00:05.000Z", type: "run-finished", ok: false, interrupted: true });
  });

  it("writes many appends made at once in call order, one line each", async () => {
    const stateDir = freshStateDir();
    const journal = await openJournal(stateDir, RUN);
    const services = Array.from({ length: 40 }, (_, i) => `svc-${i}`);
    await Promise.all(services.map((service) => journal.append({ type: "service", service, state: "running", health: "healthy", createdAt: null, startedAt: null, healthyAt: null })));
    const entries = await readJournal(stateDir, RUN);
    expect(entries.map((e) => (e.type === "service" ? e.service : e.type))).toEqual(services);
  });

  it("redacts secrets deep inside evidence and diagnoses before they reach the disk", async () => {
    const stateDir = freshStateDir();
    const secret = "canary-journal-7731";
    const journal = await openJournal(stateDir, RUN, { redact: createRedactor([secret]).data });
    const evidence = { probe: "db", kind: "postgres", target: "db:5432", ok: false, summary: `auth failed for ${secret}`, failures: [`password ${secret} refused`], facts: { target: `postgres://app:${secret}@db/app` }, startedAt: "t", durationMs: 3 } as const;
    await journal.append({ type: "evidence", evidence });
    await journal.append({ type: "diagnosis", service: "api", diagnosis: { code: "crash-loop", evidence: { logs: [`DB_PASSWORD=${secret}`] } } });
    expect(readFileSync(journalPath(stateDir, RUN), "utf8")).not.toContain(secret);
    const [first] = await readJournal(stateDir, RUN);
    expect(first?.type === "evidence" ? first.evidence.facts["target"] : undefined).toBe("postgres://app:***@db/app");
  });

  it("keeps appending after one write failed (a failed line does not poison the lines after it)", async () => {
    const stateDir = freshStateDir();
    const journal = await openJournal(stateDir, RUN);
    await journal.append({ type: "run-started", runId: RUN, command: "up", project: "shop", composeFiles: [] });
    await rm(runDir(stateDir, RUN), { recursive: true });
    await expect(journal.append({ type: "step", operation: "start-container", cause: "new", outcome: "ok", startedAt: "a", endedAt: "b" })).rejects.toThrow(/ENOENT/);
    mkdirSync(runDir(stateDir, RUN));
    await journal.append({ type: "run-finished", ok: false });
    expect((await readJournal(stateDir, RUN)).map((e) => e.type)).toEqual(["run-finished"]);
  });
});

describe("readJournal", () => {
  it("skips blank and unparseable lines anywhere, not only a torn last one", async () => {
    const stateDir = freshStateDir();
    await (await openJournal(stateDir, RUN)).append({ type: "run-started", runId: RUN, command: "verify", project: "p", composeFiles: [] });
    appendFileSync(journalPath(stateDir, RUN), '\n   \n{"type":"evidence", broken\n{"type":"run-finished","at":"x","ok":true}\n');
    expect((await readJournal(stateDir, RUN)).map((e) => e.type)).toEqual(["run-started", "run-finished"]);
  });

  it("hands back entries of a type it does not know as written (a newer berth wrote the journal), in file order", async () => {
    const stateDir = freshStateDir();
    mkdirSync(runDir(stateDir, RUN), { recursive: true });
    writeFileSync(journalPath(stateDir, RUN), '{"type":"rollout","at":"t1","service":"api"}\n{"type":"run-finished","at":"t2","ok":true}\n');
    expect(await readJournal(stateDir, RUN)).toEqual([{ type: "rollout", at: "t1", service: "api" }, { type: "run-finished", at: "t2", ok: true }]);
  });

  it("rejects for a run that has no journal (callers such as the dashboard's history leave it out)", async () => {
    await expect(readJournal(freshStateDir(), RUN)).rejects.toThrow(/ENOENT/);
  });
});

describe("listRuns and pruneRuns", () => {
  it("lists run folders only, not stray files beside them", async () => {
    const stateDir = freshStateDir();
    await openJournal(stateDir, RUN);
    writeFileSync(join(stateDir, "runs", "README.txt"), "not a run");
    expect(await listRuns(stateDir)).toEqual([RUN]);
  });

  it("keeps at least one run even when asked to keep none, and returns what it removed", async () => {
    const stateDir = freshStateDir();
    const ids = ["20261101T000000Z-000001", "20261102T000000Z-000002", "20261103T000000Z-000003"];
    for (const id of ids) mkdirSync(runDir(stateDir, id), { recursive: true });
    expect(await pruneRuns(stateDir, 0, "none-of-them")).toEqual(ids.slice(0, 2));
    expect(await listRuns(stateDir)).toEqual([ids[2]]);
  });

  it("never removes the current run, even when it is the oldest", async () => {
    const stateDir = freshStateDir();
    const ids = ["20261101T000000Z-000001", "20261102T000000Z-000002", "20261103T000000Z-000003"];
    for (const id of ids) mkdirSync(runDir(stateDir, id), { recursive: true });
    expect(await pruneRuns(stateDir, 1, ids[0] as string)).toEqual([ids[1]]);
    expect(await listRuns(stateDir)).toEqual([ids[0], ids[2]]);
  });
});

describe("newRunId", () => {
  it("drops the milliseconds, stays sortable by time, and tells apart two runs opened in the same second", () => {
    const same = new Date("2026-11-23T07:45:12.987Z");
    const ids = Array.from({ length: 20 }, () => newRunId(same));
    for (const id of ids) expect(id).toMatch(/^20261123T074512Z-[0-9a-f]{6}$/);
    expect(new Set(ids).size).toBe(ids.length);
    const later = newRunId(new Date("2026-11-23T07:45:13.001Z"));
    expect([later, ...ids].sort().at(-1)).toBe(later);
  });

  it("is a name openJournal accepts as a folder, and a run opened with it lists under that name", async () => {
    const stateDir = freshStateDir();
    const id = newRunId(new Date("2026-01-02T03:04:05Z"));
    await (await openJournal(stateDir, id)).append({ type: "run-finished", ok: true });
    expect(readFileSync(journalPath(stateDir, id), "utf8")).toMatch(/^\{"at":"[^"]+","type":"run-finished","ok":true\}\n$/);
    expect(await listRuns(stateDir)).toEqual([id]);
  });
});
