import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createRedactor } from "../../common/redact.js";
import { openJournal } from "../../journal/journal.js";
import { buildReport } from "../../report/verdict.js";
import { fixtureInput } from "../../report/testing-fixture.js";
import { saveReport } from "../../verify/deployment-report.js";
import { testIO } from "../testing/test-io.js";
import { runCli } from "../main.js";
import { isVerified } from "../../runs/verified.js";
import { renderVerifyText } from "./verify.js";

const canary = "canary-cli-report-5f1e";

function projectDir(): { dir: string; stateDir: string } {
  const dir = mkdtempSync(join(tmpdir(), "berth-report-cli-"));
  writeFileSync(join(dir, "compose.yaml"), "name: shop\nservices:\n  api:\n    image: node:20-bookworm-slim\n    environment:\n      TOKEN_VALUE: ${API_SECRET}\n");
  writeFileSync(join(dir, ".env"), `API_SECRET=${canary}\n`);
  return { dir, stateDir: join(dir, "state") };
}

describe("berth report", () => {
  it("says how to get a report when no run was recorded (exit 1)", async () => {
    const { dir, stateDir } = projectDir();
    const { io, stderr } = testIO(dir, { BERTH_STATE_DIR: stateDir });
    expect(await runCli(["report"], io)).toBe(1);
    expect(stderr.text).toContain("no run recorded yet");
    expect(stderr.text).toContain("berth up --verify");
  });

  it("shows the latest run's saved report in each format, or writes it to --out, without the env file's values", async () => {
    const { dir, stateDir } = projectDir();
    const leaky = { ...fixtureInput, project: "shop", evidence: fixtureInput.evidence.map((e) => ({ ...e, excerpt: `body with ${canary}` })) };
    for (const runId of ["20261123T060000Z-aaaaaa", fixtureInput.runId]) {
      await (await openJournal(join(stateDir, "shop"), runId)).append({ type: "run-finished", ok: true });
      await saveReport(join(stateDir, "shop"), buildReport({ ...leaky, runId }), createRedactor([]));
    }
    const md = testIO(dir, { BERTH_STATE_DIR: stateDir });
    expect(await runCli(["report"], md.io)).toBe(0);
    expect(md.stdout.text).toContain(`Run \`${fixtureInput.runId}\``);
    const json = testIO(dir, { BERTH_STATE_DIR: stateDir });
    expect(await runCli(["report", "--format", "json", "--run", "20261123T060000Z-aaaaaa"], json.io)).toBe(0);
    expect(JSON.parse(json.stdout.text)).toMatchObject({ runId: "20261123T060000Z-aaaaaa", verdict: { status: "fail" } });
    const out = testIO(dir, { BERTH_STATE_DIR: stateDir });
    expect(await runCli(["report", "--format", "html", "--out", "r.html"], out.io)).toBe(0);
    const html = readFileSync(join(dir, "r.html"), "utf8");
    for (const text of [md.stdout.text, json.stdout.text, html]) {
      expect(text).not.toContain(canary);
      expect(text).toContain("body with ***");
    }
  });
});

describe("renderVerifyText", () => {
  it("prints one line per probe and the evidence of failures", () => {
    const report = buildReport(fixtureInput);
    const text = renderVerifyText({ outcome: { probes: [], evidence: report.evidence, ok: false }, report, reportPaths: { md: "/s/r.md", html: "/s/r.html", json: "/s/r.json" } });
    expect(text.split("\n")).toEqual([
      "1 of 3 probes inferred:",
      "ok   api-health: GET http://127.0.0.1:18080/api/health (from host): 200 OK in 12 ms",
      "FAIL live-updates: Socket.IO ws://127.0.0.1:18080/socket.io/ (from host): expected the upgrade (101 Switching Protocols), got 400 Bad Request",
      "       observed: upgraded=false, status=400, latencyMs=8",
      "       hint: the upgrade did not reach the backend: a proxy in front must forward it",
      '       | {"code":3,"message":"Bad request"}',
      "ok   db-query: postgres db (local socket): SELECT 1: 1 row(s) in 40 ms  [inferred from services.db.image postgres:15]",
      "",
      "2/3 probes passed; verdict FAIL",
      "  - probe live-updates failed: expected the upgrade (101 Switching Protocols), got 400 Bad Request",
      "  - warning: berth check found 1 warning(s)",
      "  - warning: service api restarted 1 time(s)",
      "report: /s/r.html",
      "",
    ]);
  });
});

describe("renderVerifyText for an opinion", () => {
  it("prints a failed inferred storage probe as WARN, not FAIL", () => {
    const storage = { ...fixtureInput.evidence[0]!, probe: "cache-storage", kind: "persistence" as const, ok: false, summary: "no volume at /data", failures: ["no volume at /data"], inferredFrom: "services.cache.image redis:7" };
    const report = buildReport({ ...fixtureInput, evidence: [storage] });
    const text = renderVerifyText({ outcome: { probes: [], evidence: report.evidence, ok: true }, report, reportPaths: { md: "/s/r.md", html: "/s/r.html", json: "/s/r.json" } });
    expect(text).toContain("WARN cache-storage:");
    expect(text).not.toContain("FAIL cache-storage");
  });
});

describe("isVerified", () => {
  it("needs every probe to pass and a verdict that is not a fail", () => {
    const report = buildReport({ ...fixtureInput, evidence: fixtureInput.evidence.filter((e) => e.ok) });
    const paths = { md: "/s/r.md", html: "/s/r.html", json: "/s/r.json" };
    const verified = { outcome: { probes: [], evidence: report.evidence, ok: true }, report, reportPaths: paths };
    expect(report.verdict.status).toBe("warn");
    expect(isVerified(verified)).toBe(true);
    const failing = { ...verified, report: { ...report, verdict: { ...report.verdict, status: "fail" as const } } };
    expect(isVerified(failing)).toBe(false);
    expect(isVerified({ ...verified, outcome: { ...verified.outcome, ok: false } })).toBe(false);
  });
});
