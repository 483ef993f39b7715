import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { chromiumMissing, saveScreenshot, withBrowser } from "./support/browser.js";
import { Scenario } from "./support/scenario.js";

// The flagship (examples/fullstack: nginx SPA + /api + /socket.io -> Express/Socket.IO -> Postgres
// + Redis) with the probes berth infers for it: they all pass; breaking the nginx Upgrade
// headers, the backend's DB password or the Postgres volume fails one named probe each, with
// evidence pointing at the cause; canary secrets appear in no output; the HTML report renders.

const ROOT = join(import.meta.dirname, "..");
const EXAMPLE = join(ROOT, "examples", "fullstack");
const project = "berthe2e-verify-flagship";
const port = "18721";
// Under .cache/ (git-ignored): the canary .env and the broken variants of the compose file.
const work = join(ROOT, ".cache", "e2e-verify-flagship");
const stateDir = join(work, "state");
const envFile = join(work, ".env");
const canaries = { POSTGRES_PASSWORD: "canary-flag-pg-6e1f03", REDIS_PASSWORD: "canary-flag-redis-a2b7c4" };

const scenario = new Scenario({ project, cwd: ROOT, env: { BERTH_STATE_DIR: stateDir, BERTH_STABLE_MS: "500" } });
const berth = (file: string, [verb, ...rest]: string[]) =>
  scenario.berth([verb ?? "", "-f", file, "--project-directory", EXAMPLE, "--env-file", envFile, ...rest], { FRONTEND_PORT: port, APP_VERSION: "e2e" });

type Compose = { services: Record<string, Record<string, unknown>> };

/**
 * The flagship's compose file, changed by `edit`, written under .cache/ (paths resolve against the
 * example). Every variant, the unbroken one included, allows 5 s per healthcheck instead of 1.5 s:
 * this machine is shared by several test suites, and a node healthcheck process can take longer
 * to start than the flagship's production budget.
 */
function variant(name: string, edit: (compose: Compose) => void = () => undefined): string {
  const compose = parse(readFileSync(join(EXAMPLE, "compose.yaml"), "utf8"), { merge: true, maxAliasCount: -1 }) as Compose;
  for (const service of Object.values(compose.services)) {
    const healthcheck = service["healthcheck"] as Record<string, unknown> | undefined;
    if (healthcheck) Object.assign(healthcheck, { timeout: "5s", interval: "6s" });
  }
  edit(compose);
  const file = join(work, `compose.${name}.yaml`);
  writeFileSync(file, stringify(compose, { aliasDuplicateObjects: false }));
  return file;
}


interface Evidence {
  probe: string;
  ok: boolean;
  summary: string;
  failures: string[];
  hint?: string;
  excerpt?: string;
}
interface VerifyJson {
  ok: boolean;
  probes: Evidence[];
  reports: Record<"md" | "html" | "json", string>;
}

async function up(file: string, expectOk = true): Promise<void> {
  const result = await berth(file, ["up", "--json", "--wait-timeout", expectOk ? "240" : "45"]);
  if (expectOk && result.code !== 0) throw new Error(`berth up exited ${result.code}: ${result.stdout}${result.stderr}`);
}

/** Every long-running service healthy (the flagship's backend may restart once while Redis settles). */
async function settled(file: string): Promise<void> {
  const deadline = Date.now() + 90_000;
  let rows: { service: string; health: string | null; state: string }[] = [];
  while (Date.now() < deadline) {
    rows = JSON.parse((await berth(file, ["ps", "--json"])).stdout) as typeof rows;
    if (rows.every((row) => row.state !== "running" || row.health === null || row.health === "healthy")) return;
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
  throw new Error(`not settled: ${JSON.stringify(rows)}`);
}

async function verify(file: string): Promise<VerifyJson & { raw: string; code: number }> {
  const result = await berth(file, ["verify", "--json"]);
  if (result.stdout.trim() === "") throw new Error(`berth verify printed nothing (exit ${result.code}): ${result.stderr}`);
  return { ...(JSON.parse(result.stdout) as VerifyJson), raw: result.stdout + result.stderr, code: result.code };
}

const probe = (json: VerifyJson, name: string): Evidence => {
  const found = json.probes.find((p) => p.probe === name);
  if (!found) throw new Error(`no probe ${name} in ${json.probes.map((p) => p.probe).join(", ")}`);
  return found;
};

function expectNoCanary(text: string, where: string): void {
  for (const canary of Object.values(canaries)) expect(text.includes(canary), `${canary} leaked into ${where}`).toBe(false);
}

describe("the flagship, verified and reported", () => {
  let original = "";
  beforeAll(async () => {
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work, { recursive: true });
    original = variant("base");
    writeFileSync(envFile, Object.entries(canaries).map(([name, value]) => `${name}=${value}\n`).join(""));
    await scenario.cleanup();
    await scenario.step("up", () => up(original));
    await scenario.step("settled", () => settled(original));
  });
  afterAll(async () => {
    await berth(original, ["down", "-v"]);
    await scenario.cleanup();
    if (process.env["BERTH_E2E_KEEP"] !== "1") rmSync(work, { recursive: true, force: true });
  });

  let passing: (VerifyJson & { raw: string }) | undefined;

  it("passes every inferred probe: health, HTTP, Socket.IO through nginx, Postgres, Redis, storage, the backend's credentials", async () => {
    const json = await scenario.step("verify", () => verify(original));
    passing = json;
    expect(json.probes.filter((p) => !p.ok), json.raw).toEqual([]);
    expect(json.probes.map((p) => p.probe).sort()).toEqual([
      "backend-health",
      "backend-postgres_credentials",
      "frontend-health",
      `frontend-http-${port}`,
      "frontend-websocket-socket-io",
      "postgres-health",
      "postgres-query",
      "postgres-storage",
      "redis-health",
      "redis-ping",
      "redis-storage",
    ]);
    expect(json.ok).toBe(true);
  });

  it("keeps the canaries out of verify --json and of every report format", async () => {
    expectNoCanary(passing?.raw ?? "", "verify --json");
    for (const format of ["md", "html", "json"]) {
      const result = await berth(original, ["report", "--format", format]);
      expect(result.code).toBe(0);
      expectNoCanary(result.stdout + result.stderr, `report --format ${format}`);
    }
    const runs = join(stateDir, project, "runs");
    for (const run of readdirSync(runs)) {
      for (const file of readdirSync(join(runs, run))) expectNoCanary(readFileSync(join(runs, run, file), "utf8"), `${run}/${file}`);
    }
  });

  it.skipIf(chromiumMissing() !== null)("shows the HTML report with its timeline chart in chromium", async () => {
    const file = passing?.reports.html ?? "";
    expect(existsSync(file)).toBe(true);
    await withBrowser(async (browser) => {
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      await page.goto(pathToFileURL(file).href);
      const chart = page.locator("svg.timeline");
      await chart.waitFor({ state: "visible" });
      const labels = await chart.locator("text.label").evaluateAll((nodes) => nodes.map((node) => node.textContent));
      expect(labels).toEqual(expect.arrayContaining(["frontend", "backend", "postgres", "redis", "migrate"]));
      expect(await chart.locator("circle").count()).toBeGreaterThanOrEqual(4);
      await saveScreenshot(page, "flagship-report");
    });
  });

  it("fails the Socket.IO probe when nginx drops the Upgrade headers, pointing at the proxy", async () => {
    const conf = readFileSync(join(EXAMPLE, "frontend", "nginx", "default.conf"), "utf8").replace(/^\s*proxy_set_header (Upgrade|Connection) .*$/gm, "");
    writeFileSync(join(work, "no-upgrade.conf"), conf);
    const broken = variant("no-upgrade", (c) => {
      c.services["frontend"]!["volumes"] = [`${join(work, "no-upgrade.conf")}:/etc/nginx/conf.d/default.conf:ro`];
    });
    await scenario.step("up with nginx dropping Upgrade", () => up(broken));
    await scenario.step("settled", () => settled(broken));
    const json = await scenario.step("verify", () => verify(broken));
    expect(json.probes.filter((p) => !p.ok).map((p) => p.probe), json.raw).toEqual(["frontend-websocket-socket-io"]);
    const ws = probe(json, "frontend-websocket-socket-io");
    expect(ws.failures[0]).toMatch(/^expected the upgrade \(101 Switching Protocols\), got 400 Bad Request/);
    expect(ws.excerpt).toContain("Bad request");
    expect(ws.hint).toMatch(/^nginx location \/socket\.io\/ of frontend \(nginx -T line \d+\) does not forward the upgrade: add proxy_set_header Upgrade \$http_upgrade; proxy_set_header Connection "upgrade"$/);
    await scenario.step("restore", () => up(original));
    await scenario.step("settled", () => settled(original));
  });

  it("fails the backend's credentials probe when its DB password is wrong, naming where it comes from", async () => {
    const broken = variant("wrong-password", (c) => {
      (c.services["backend"]!["environment"] as Record<string, string>)["POSTGRES_PASSWORD"] = "wrong-password-2";
    });
    await scenario.step("up with the wrong password", () => up(broken, false));
    const json = await scenario.step("verify", () => verify(broken));
    const credentials = probe(json, "backend-postgres_credentials");
    expect(credentials.ok, json.raw).toBe(false);
    expect(credentials.summary).toMatch(/password authentication failed for user/);
    expect(credentials.hint).toContain("services.backend.environment.POSTGRES_{HOST,USER,PASSWORD}");
    expect(probe(json, "postgres-query").ok).toBe(true);
    await scenario.step("restore", () => up(original));
    await scenario.step("settled", () => settled(original));
  });

  it("fails the Postgres storage probe when the volume is mounted at the wrong path, naming the mount", async () => {
    const broken = variant("misplaced-volume", (c) => {
      c.services["postgres"]!["volumes"] = ["pgdata:/var/lib/postgres/data"];
    });
    await scenario.step("up with the volume misplaced", () => up(broken, false));
    const json = await scenario.step("verify", () => verify(broken));
    const storage = probe(json, "postgres-storage");
    expect(storage.ok, json.raw).toBe(false);
    expect(storage.failures).toContainEqual(expect.stringMatching(/^\/var\/lib\/postgresql\/data is on an anonymous volume \([0-9a-f]{12}\), not on a declared one/));
    expect(storage.hint).toContain(`volume ${project}_pgdata is mounted at /var/lib/postgres/data, which does not hold the data`);
  });
});
