import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumMissing, saveScreenshot, withBrowser } from "./support/browser.js";
import { Scenario } from "./support/scenario.js";

// `berth verify` and `berth report` on the real engine: nginx (api + websocket) -> Node backend ->
// Postgres + Redis. All probes pass; breaking the Upgrade headers, the backend's DB password or
// the Postgres volume each fails one named probe with evidence pointing at the cause; planted
// canary secrets never appear in any output.

const project = "berthe2e-verify-stack";
const port = "18711";
// A copy outside the repository: the stack's .env (with canaries) must not sit in the work tree.
const dir = join(mkdtempSync(join(tmpdir(), "berthe2e-verify-")), "stack");
const stateDir = join(dir, "..", "state");
const canaries = {
  DB_PASSWORD: "canary-dbpw-8c2f61",
  API_TOKEN: "canary-token-31a9e7",
  GREETING_WORD: "canary-plain-5d07b2",
  SESSION_SECRET: "canary-session-4b1d9a",
};
const shellCanary = "canary-shellkey-77e0";
const allCanaries = [...Object.values(canaries), shellCanary];

// The CLI runs from the repository (it needs tsx) and names the copied stack with -f.
const scenario = new Scenario({ project, cwd: join(import.meta.dirname, ".."), env: { VERIFY_PORT: port, SHELL_PAYMENT_KEY: shellCanary, BERTH_STATE_DIR: stateDir, BERTH_STABLE_MS: "500" } });
const stack = {
  berth: ([verb, ...rest]: string[], env: Record<string, string> = {}) => scenario.berth([verb ?? "", "-f", join(dir, "compose.yaml"), ...rest], env),
  step: <T>(name: string, action: () => Promise<T>) => scenario.step(name, action),
  cleanup: () => scenario.cleanup(),
};

interface Evidence {
  probe: string;
  ok: boolean;
  summary: string;
  failures: string[];
  hint?: string;
  excerpt?: string;
  inferredFrom?: string;
  facts: Record<string, unknown>;
}
interface VerifyJson {
  ok: boolean;
  runId: string;
  verdict: { status: string; reasons: string[]; counts: { probes: number; probesPassed: number } };
  probes: Evidence[];
  reports: Record<"md" | "html" | "json", string>;
}

async function up(env: Record<string, string> = {}): Promise<void> {
  const result = await stack.berth(["up", "--json", "--wait-timeout", "120"], env);
  if (result.code !== 0) throw new Error(`berth up exited ${result.code}: ${result.stdout}${result.stderr}`);
}

async function verify(args: string[] = [], env: Record<string, string> = {}): Promise<{ code: number; json: VerifyJson; raw: string }> {
  const result = await stack.berth(["verify", "--json", ...args], env);
  if (result.stdout.trim() === "") throw new Error(`berth verify printed nothing (exit ${result.code}): ${result.stderr}`);
  return { code: result.code, json: JSON.parse(result.stdout) as VerifyJson, raw: result.stdout + result.stderr };
}

const probe = (json: VerifyJson, name: string): Evidence => {
  const found = json.probes.find((p) => p.probe === name);
  if (!found) throw new Error(`no probe ${name} in ${json.probes.map((p) => p.probe).join(", ")}`);
  return found;
};

function expectNoCanary(text: string, where: string): void {
  for (const canary of allCanaries) expect(text.includes(canary), `${canary} leaked into ${where}`).toBe(false);
}

describe("berth verify and berth report on the verify stack", () => {
  beforeAll(async () => {
    cpSync(join(import.meta.dirname, "stacks", "verify"), dir, { recursive: true });
    writeFileSync(join(dir, ".env"), Object.entries(canaries).map(([name, value]) => `${name}=${value}\n`).join(""));
    await stack.cleanup();
    await stack.step("cold up", () => up());
  });
  afterAll(async () => {
    await stack.berth(["down", "-v"]);
    await stack.cleanup();
    if (process.env["BERTH_E2E_KEEP"] !== "1") rmSync(join(dir, ".."), { recursive: true, force: true });
  });

  let passing: VerifyJson | undefined;

  it("passes every declared probe, from the host and from inside the network", async () => {
    const { code, json, raw } = await stack.step("verify", () => verify());
    passing = json;
    await stack.step("all probes pass", async () => {
      expect(json.probes.filter((p) => !p.ok), raw).toEqual([]);
      expect(code).toBe(0);
      expect(json.probes.map((p) => p.probe).sort()).toEqual(["api-health", "backend-db-credentials", "backend-exec", "backend-in-network", "cache-ping", "db-persistence", "db-port-in-network", "live-websocket"]);
      expect(json.verdict.counts).toMatchObject({ probes: 8, probesPassed: 8 });
      expect(json.verdict.status, json.verdict.reasons.join("; ")).not.toBe("fail");
      expect(probe(json, "live-websocket").facts).toMatchObject({ upgraded: true, status: 101 });
      expect(probe(json, "db-persistence").facts).toMatchObject({ storage: "named-volume", volume: `${project}_pgdata` });
    });
  });

  it("infers probes when asked, and says from what", async () => {
    const { json, raw } = await stack.step("verify --infer always", () => verify(["--infer", "always"]));
    const inferred = json.probes.filter((p) => p.inferredFrom !== undefined);
    // The inferred `cache-ping` gives way to the declared probe of the same name.
    expect(inferred.map((p) => p.probe).sort(), raw).toEqual(["backend-database_url", "backend-health", "cache-health", "cache-storage", "db-health", "db-query", "db-storage", "web-health", "web-http-18711", "web-websocket-ws"]);
    expect(inferred.filter((p) => !p.ok), raw).toEqual([]);
    expect(probe(json, "web-websocket-ws").inferredFrom).toMatch(/^nginx location \/ws of web/);
  });

  it("keeps one report per run and shows the latest in md, html and json without a secret", async () => {
    const latest = passing?.runId ?? "";
    const md = await stack.berth(["report"]);
    expect(md.code).toBe(0);
    expect(md.stdout).toMatch(/^# berth report: berthe2e-verify-stack/);
    expect(md.stdout).toContain("## Startup timeline");
    const html = await stack.berth(["report", "--format", "html", "--out", join(dir, "report.html")]);
    expect(html.code).toBe(0);
    const json = await stack.berth(["report", "--format", "json", "--run", latest]);
    expect(JSON.parse(json.stdout)).toMatchObject({ schema: "berth.report/v1", runId: latest });
    const runs = readdirSync(join(stateDir, project, "runs"));
    expect(runs.length).toBeGreaterThanOrEqual(2);
    const onDisk = runs.flatMap((run) => ["journal.jsonl", "report.md", "report.html", "report.json"].map((file) => join(stateDir, project, "runs", run, file)).filter(existsSync));
    for (const [where, text] of [["report md", md.stdout], ["report html", readFileSync(join(dir, "report.html"), "utf8")], ["report json", json.stdout], ...onDisk.map((file) => [file, readFileSync(file, "utf8")])] as const) expectNoCanary(text, where);
    expect(md.stdout).toContain("***");
  });

  it("never prints a canary in verify's text or --json output, even when a probe quotes one", async () => {
    const text = await stack.berth(["verify", "api-health"]);
    const json = await stack.berth(["verify", "--json", "api-health"]);
    expect(text.code).toBe(0);
    // The backend echoes GREETING_WORD (an .env value) in its body: the excerpt must hide it.
    expect(JSON.parse(json.stdout).probes[0].excerpt).toContain('"greeting":"***"');
    expectNoCanary(text.stdout + text.stderr, "verify text output");
    expectNoCanary(json.stdout + json.stderr, "verify --json output");
  });

  it.skipIf(chromiumMissing() !== null)("renders the HTML report with its timeline chart in chromium", async () => {
    const file = passing?.reports.html ?? "";
    await withBrowser(async (browser) => {
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      await page.goto(pathToFileURL(file).href);
      const chart = page.locator("svg.timeline");
      await chart.waitFor({ state: "visible" });
      const box = await chart.boundingBox();
      expect(box?.width).toBeGreaterThan(400);
      expect(await chart.locator("circle").count(), await page.locator("#services").innerText()).toBe(4);
      expect(await page.locator(".verdict").innerText()).toMatch(/PASS/);
      await saveScreenshot(page, "verify-report");
    });
  });

  it("fails live-websocket when nginx drops the Upgrade headers, pointing at the proxy", async () => {
    const env = { NGINX_CONF: "no-upgrade.conf" };
    await stack.step("up with the broken nginx config", () => up(env));
    const { code, json } = await stack.step("verify", () => verify([], env));
    expect(code).toBe(1);
    expect(json.probes.filter((p) => !p.ok).map((p) => p.probe)).toEqual(["live-websocket"]);
    const ws = probe(json, "live-websocket");
    expect(ws.failures).toEqual(["expected the upgrade (101 Switching Protocols), got 426 Upgrade Required"]);
    expect(ws.hint).toMatch(/^nginx location \/ws of web \(nginx -T line \d+\) does not forward the upgrade: add proxy_http_version 1.1; proxy_set_header Upgrade \$http_upgrade; proxy_set_header Connection "upgrade"$/);
    await stack.step("restore", () => up());
  });

  it("fails backend-db-credentials when the backend's DB password is wrong, naming where it came from", async () => {
    const env = { BACKEND_DB_PASSWORD: "wrong-password-1" };
    await stack.step("up with the wrong password", () => up(env));
    const { code, json } = await stack.step("verify", () => verify([], env));
    expect(code).toBe(1);
    expect(json.probes.filter((p) => !p.ok).map((p) => p.probe)).toEqual(["backend-db-credentials"]);
    const db = probe(json, "backend-db-credentials");
    expect(db.summary).toMatch(/password authentication failed for user "app"/);
    expect(db.hint).toContain("services.backend.environment.DATABASE_URL");
    await stack.step("restore", () => up());
  });

  it("fails db-persistence when the volume is mounted at the wrong path, naming the mount", async () => {
    const env = { PG_DATA_TARGET: "/var/lib/postgres/data" };
    await stack.step("up with the volume misplaced", () => up(env));
    const { code, json } = await stack.step("verify", () => verify(["db-persistence"], env));
    expect(code).toBe(1);
    const persistence = probe(json, "db-persistence");
    expect(persistence.failures).toEqual([expect.stringMatching(/^\/var\/lib\/postgresql\/data is on an anonymous volume \([0-9a-f]{12}\), not on a declared one: a recreate starts empty$/)]);
    expect(persistence.hint).toContain(`volume ${project}_pgdata is mounted at /var/lib/postgres/data, which does not hold the data`);
  });
});
