import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createRedactor } from "../common/redact.js";
import { FakeEngine } from "../engine/fake-engine.js";
import type { NewJournalEntry } from "../journal/journal-entry.js";
import { openJournal } from "../journal/journal.js";
import { testProject } from "../plan/test-project.js";
import { buildDeploymentReport, loadSavedReport, saveReport } from "./deployment-report.js";
import type { Evidence } from "./probe.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const project = testProject("shop", { api: { image: "api:1" } });
const upTimes: NewJournalEntry = { type: "service", service: "api", state: "running", health: "none", createdAt: "2026-11-23T07:00:00.000Z", startedAt: "2026-11-23T07:00:01.000Z", healthyAt: null };
const passed: Evidence = { probe: "api-home", kind: "http", target: "GET http://127.0.0.1:18080/", ok: true, summary: "200 OK in 3 ms", failures: [], facts: {}, startedAt: "2026-11-23T07:00:05.000Z", durationMs: 3 };

/** A state dir with the given runs' journals, and a fake engine where api runs. */
async function deployment(runs: Readonly<Record<string, readonly NewJournalEntry[]>>) {
  const stateDir = mkdtempSync(join(tmpdir(), "berth-state-"));
  dirs.push(stateDir);
  for (const [runId, entries] of Object.entries(runs)) {
    const journal = await openJournal(stateDir, runId);
    for (const entry of entries) await journal.append(entry);
  }
  const engine = new FakeEngine({ images: ["api:1"] });
  const id = await engine.createContainer({ name: "shop-api-1", Image: "api:1", Labels: { "com.docker.compose.project": "shop", "com.docker.compose.service": "api", "com.docker.compose.container-number": "1" } });
  await engine.startContainer(id);
  const options = (runId: string) => ({ engine, project, stateDir, runId, findings: [], now: () => new Date("2026-11-23T07:01:00.000Z") });
  return { stateDir, options };
}

describe("buildDeploymentReport", () => {
  it("takes times, evidence and diagnoses from the run's journal; a diagnosis fails the verdict", async () => {
    const diagnosis: NewJournalEntry = { type: "diagnosis", service: "api", diagnosis: { code: "crash-loop", message: "exited 3 times", hint: "berth logs api", evidence: ["x"] } };
    const { options } = await deployment({ "20261123T070000Z-aaaaaa": [upTimes, { type: "evidence", evidence: passed }, diagnosis] });
    const report = await buildDeploymentReport(options("20261123T070000Z-aaaaaa"));
    expect(report).toMatchObject({ project: "shop", runId: "20261123T070000Z-aaaaaa", generatedAt: "2026-11-23T07:01:00.000Z", timelineSource: "journal" });
    expect(report.evidence).toEqual([passed]);
    expect(report.diagnoses).toEqual([{ service: "api", code: "crash-loop", message: "exited 3 times", hint: "berth logs api" }]);
    expect(report.verdict).toMatchObject({ status: "fail", reasons: ["service api: crash-loop: exited 3 times"] });
  });

  it("reports a verify run on the times of the up run before it, and with the evidence it is given", async () => {
    const { options } = await deployment({ "20261123T070000Z-aaaaaa": [upTimes], "20261123T080000Z-bbbbbb": [{ type: "run-started", runId: "20261123T080000Z-bbbbbb", command: "verify", project: "shop", composeFiles: [] }] });
    const report = await buildDeploymentReport({ ...options("20261123T080000Z-bbbbbb"), evidence: [passed] });
    expect(report.timelineSource).toBe("journal");
    expect(report.services[0]?.startedAt).toBe("2026-11-23T07:00:01.000Z");
    expect(report.verdict.status).toBe("pass");
  });

  it("falls back to the engine's times without any journal, and says nothing was probed", async () => {
    const { options } = await deployment({});
    const report = await buildDeploymentReport({ ...options("20261123T090000Z-cccccc"), findings: null, failOn: "error" });
    expect(report.timelineSource).toBe("engine");
    expect(report.evidence).toEqual([]);
    expect(report.verdict.warnings).toEqual(["no probe ran: nothing was verified beyond the engine's state", "berth check could not run"]);
  });
});

describe("saveReport and loadSavedReport", () => {
  it("writes the three formats owner-only and redacted, and reads the JSON back as the report", async () => {
    const secret = "s3cr3t-Value-991";
    const { stateDir, options } = await deployment({ "20261123T070000Z-aaaaaa": [upTimes] });
    const report = await buildDeploymentReport({ ...options("20261123T070000Z-aaaaaa"), evidence: [{ ...passed, ok: false, summary: `token ${secret} refused`, failures: [`token ${secret} refused`] }] });
    const paths = await saveReport(stateDir, report, createRedactor([secret]));
    for (const path of Object.values(paths)) {
      expect(statSync(path).mode & 0o777).toBe(0o600);
      expect(readFileSync(path, "utf8")).not.toContain(secret);
    }
    expect(Object.keys(paths)).toEqual(["md", "html", "json"]);
    const loaded = await loadSavedReport(stateDir, report.runId);
    expect(loaded).not.toHaveProperty("schema");
    expect(loaded?.verdict.status).toBe("fail");
    expect(loaded?.evidence[0]?.summary).toBe("token *** refused");
  });

  it("finds no saved report for a run that wrote none", async () => {
    const { stateDir } = await deployment({});
    expect(await loadSavedReport(stateDir, "20261123T070000Z-none00")).toBeUndefined();
  });
});
