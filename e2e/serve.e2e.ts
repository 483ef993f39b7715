import type { ChildProcess } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARTIFACTS_DIR, chromiumMissing, saveScreenshot, withBrowser } from "./support/browser.js";
import { startServe } from "./support/flagship-stack.js";
import { docker, Scenario } from "./support/scenario.js";

// `berth serve` on the real engine, over the verify stack (nginx -> Node -> Postgres + Redis):
// chromium sees every service healthy (one without a healthcheck), sees one turn stopped live
// when it is stopped from outside, triggers a verify and opens the report; the API refuses what
// it must; canaries never leave the server. e2e/flagship.e2e.ts runs the dashboard on the
// flagship, rolls back from it, and has the flagship's Prometheus scrape berth's /metrics.

const project = "berthe2e-serve-stack";
const ports = { web: 18810, serve: 18812 };
const token = "e2e-serve-token-6d1c0b9f";
const root = mkdtempSync(join(tmpdir(), "berthe2e-serve-"));
const dir = join(root, "stack");
const canaries = { DB_PASSWORD: "canary-dbpw-4e0a17", API_TOKEN: "canary-token-c7d2e5", GREETING_WORD: "canary-plain-19b3f4", SESSION_SECRET: "canary-session-a08e6c" };
const base = `http://127.0.0.1:${ports.serve}`;

const scenario = new Scenario({
  project,
  cwd: join(import.meta.dirname, ".."),
  env: { VERIFY_PORT: String(ports.web), BERTH_STATE_DIR: join(root, "state"), BERTH_STABLE_MS: "500", BERTH_SERVE_TOKEN: token },
});
const files = () => ["-f", join(dir, "compose.yaml")];
const servers: ChildProcess[] = [];
// Measured, never asserted: written to e2e/artifacts/serve-timings.json.
const timings: Record<string, number> = {};

async function berth(args: string[]): Promise<string> {
  const result = await scenario.berth([args[0] ?? "", ...files(), ...args.slice(1)]);
  if (result.code !== 0) throw new Error(`berth ${args.join(" ")} exited ${result.code}: ${result.stdout}${result.stderr}`);
  return result.stdout;
}

function expectNoCanary(text: string, where: string): void {
  for (const canary of Object.values(canaries)) expect(text.includes(canary), `${canary} leaked into ${where}`).toBe(false);
}

// Node's fetch will not send a Host header of our choosing; a DNS-rebinding page would.
function getWithHost(path: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port: ports.serve, path, headers: { Host: host } }, (res) => (res.resume(), resolve(res.statusCode ?? 0)));
    req.on("error", reject).end();
  });
}

describe("berth serve on the verify stack", () => {
  beforeAll(async () => {
    cpSync(join(import.meta.dirname, "stacks", "verify"), dir, { recursive: true });
    writeFileSync(join(dir, ".env"), Object.entries(canaries).map(([name, value]) => `${name}=${value}\n`).join(""));
    await scenario.cleanup();
    await scenario.step("berth up", () => berth(["up", "--json", "--wait-timeout", "120"]));
    await scenario.step("berth serve on 127.0.0.1", () => startServe(scenario, [...files(), "--port", String(ports.serve)], servers));
  });

  afterAll(async () => {
    for (const child of servers) child.kill("SIGTERM");
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    writeFileSync(join(ARTIFACTS_DIR, "serve-timings.json"), `${JSON.stringify(timings, null, 2)}\n`);
    await scenario.berth(["down", ...files(), "-v"]);
    await scenario.cleanup();
    rmSync(root, { recursive: true, force: true });
  });

  it("refuses a mutation without the token (401) and from another origin (403)", async () => {
    const verify = `${base}/api/projects/${project}/actions/verify`;
    expect((await fetch(verify, { method: "POST" })).status).toBe(401);
    expect((await fetch(verify, { method: "POST", headers: { "X-Berth-Token": "guess" } })).status).toBe(401);
    expect((await fetch(verify, { method: "POST", headers: { "X-Berth-Token": token, Origin: "http://evil.example" } })).status).toBe(403);
    expect(await getWithHost(`/api/projects/${project}/services`, "rebound.example:18812")).toBe(421);
  });

  it("refuses path traversal on the report and log endpoints (400/404)", async () => {
    const api = `${base}/api/projects/${project}`;
    const attempts = [`${api}/runs/..%2F..%2F..%2Fetc%2Fpasswd/report/html`, `${api}/runs/x/report/..%2F..%2Fjournal.jsonl`, `${api}/services/..%2F..%2Fetc%2Fpasswd/logs`, `${api}/services/web/logs?tail=..%2F1`, `${base}/vendor/..%2F..%2Fpackage.json`];
    for (const url of attempts) expect([400, 404], url).toContain((await fetch(url)).status);
  });

  it("shows every service healthy, a stopped container live, runs a verify and opens its report", async () => {
    const missing = chromiumMissing();
    if (missing) return console.warn(`skipped: ${missing}`);
    await withBrowser(async (browser) => {
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      await page.goto(`${base}/#token=${token}`);
      await scenario.step("dashboard shows every service healthy", async () => {
        for (const service of ["web", "backend", "db", "cache"]) await page.locator(`tr[data-service="${service}"][data-up="true"]`).waitFor({ timeout: 60_000 });
        // web (nginx) has no healthcheck: running is as good as it gets.
        const states = await page.locator("tr[data-service]").evaluateAll((rows) => rows.map((row) => `${row.getAttribute("data-service")}=${row.getAttribute("data-state")}`));
        expect(states.sort()).toEqual(["backend=healthy", "cache=healthy", "db=healthy", "web=running"]);
        await page.locator('[data-live="true"]').waitFor({ timeout: 10_000 });
      });
      await saveScreenshot(page, "serve-dashboard-healthy");
      await scenario.step("docker stop cache: the page shows it stopped, live", async () => {
        await docker(["stop", "-t", "2", `${project}-cache-1`]);
        const stoppedAt = Date.now();
        // The page polls only every 30 s: seeing it within 15 s is the event stream's doing.
        await page.locator('tr[data-service="cache"][data-state="stopped"]').waitFor({ timeout: 15_000 });
        timings["stopped_container_on_page_ms"] = Date.now() - stoppedAt;
      });
      await saveScreenshot(page, "serve-dashboard-cache-stopped");
      await scenario.step("docker start cache: healthy again", async () => {
        await docker(["start", `${project}-cache-1`]);
        await page.locator('tr[data-service="cache"][data-state="healthy"]').waitFor({ timeout: 60_000 });
      });
      await scenario.step("Verify now", async () => {
        const clickedAt = Date.now();
        await page.click('button[data-action="verify"]');
        await page.locator('[data-testid="action-message"]', { hasText: /verify: \d+\/\d+ probes passed/ }).waitFor({ timeout: 120_000 });
        timings["verify_from_dashboard_ms"] = Date.now() - clickedAt;
      });
      // One `berth up` and no rollout: nothing to roll back to, and the page says so.
      expect(await page.locator('[data-reason="rollback"]').textContent()).toContain("rollback needs two deployed releases");
      await saveScreenshot(page, "serve-dashboard-verified");
      expectNoCanary(await page.content(), "the dashboard");
      await scenario.step("open the latest report", async () => {
        await page.locator("a[data-report]").first().click();
        await page.waitForLoadState("load");
      });
      const report = await page.content();
      expect(report).toMatch(/verdict/i);
      expectNoCanary(report, "the report page");
      await saveScreenshot(page, "serve-report");
    });
  });

  it("backs up from the API (token), lists the drilled backups and times them in /metrics", async () => {
    const api = `${base}/api/projects/${project}`;
    const answer = await scenario.step("POST actions/backup", async () => {
      const response = await fetch(`${api}/actions/backup`, { method: "POST", headers: { Authorization: `Bearer ${token}` } });
      return { status: response.status, body: (await response.json()) as { summary: string } };
    });
    expect(answer).toMatchObject({ status: 200, body: { summary: "2/2 backups proven by a restore drill" } });
    const backups = (await (await fetch(`${api}/backups`)).json()) as { service: string; drill: { ok: boolean } | null }[];
    expect(backups.map((b) => [b.service, b.drill?.ok]).sort()).toEqual([["cache", true], ["db", true]]);
    const scrapeStarted = Date.now();
    const metrics = await (await fetch(`${base}/metrics`)).text();
    timings["metrics_response_ms"] = Date.now() - scrapeStarted;
    for (const service of ["db", "cache"]) expect(metrics).toMatch(new RegExp(`^berth_backup_drill_last_success_timestamp_seconds\\{project="${project}",service="${service}"\\} \\d+`, "m"));
  });

  it("never sends a canary in any API response", async () => {
    const api = `${base}/api/projects/${project}`;
    const runs = (await (await fetch(`${api}/runs`)).json()) as { runId: string }[];
    const urls = [base, `${base}/api/projects`, api, `${api}/services`, `${api}/runs`, `${api}/releases`, `${api}/verify`, `${api}/findings`, `${api}/backups`, `${base}/metrics`, ...["web", "backend", "db", "cache"].map((s) => `${api}/services/${s}/logs?tail=500`), ...runs.slice(0, 3).flatMap((r) => ["html", "json", "md"].map((f) => `${api}/runs/${r.runId}/report/${f}`))];
    for (const url of urls) expectNoCanary(await (await fetch(url)).text(), url);
    const action = await fetch(`${api}/actions/verify`, { method: "POST", headers: { Authorization: `Bearer ${token}` } });
    expectNoCanary(await action.text(), "the verify action's answer");
  });
});
