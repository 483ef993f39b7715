import type { ChildProcess } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { runLoad } from "./stacks/rollout/load-client.js";
import { ARTIFACTS_DIR, chromiumMissing, saveScreenshot, withBrowser } from "./support/browser.js";
import { EXAMPLE, composeRunner, connectSocket, postNote as postNoteTo, secret, timed } from "./support/flagship.js";
import { SERVICES, hostGatewayAddress, loadUntil, prometheusQuery, prometheusTargets, startServe, upUnderLoad, waitHealthy as waitHealthyIn } from "./support/flagship-stack.js";
import { docker, Scenario } from "./support/scenario.js";
import { waitFor } from "./support/wait-for.js";

// The flagship example (examples/fullstack) deployed by `berth up` on the real engine, then
// operated: the app through nginx (REST, Socket.IO, two chromium pages), docker-compose seeing
// berth's containers, Prometheus scraping the backend and berth itself, a rolling update of the
// backend under load (issue 7), a release that fails its healthcheck rolled back, the dashboard
// of `berth serve` on the running stack (issue 9), and the backend draining on SIGTERM.

const BACKEND = join(EXAMPLE, "backend");
const PROJECT = "berthe2e-flagship";
const ports = { frontend: 18300, prometheus: 18301, serve: 18303, gatewayServe: 7010 };
const BASE = `http://127.0.0.1:${ports.frontend}`;
const VERSION_URL = `${BASE}/api/version`;
const MAX_LOAD_SECONDS = 90; // a load ends 3 s after what it covers (loadUntil); this bounds it
// A tag of its own: this file re-tags it to v2 and to a broken release, which other suites that
// deploy the flagship (APP_VERSION=e2e) must never pick up.
const TAG = "e2e-ops";
const BACKEND_IMAGE = `berth-fullstack-backend:${TAG}`;
const token = `e2e-flagship-${secret().slice(0, 16)}`;
const secrets = { POSTGRES_PASSWORD: secret(), REDIS_PASSWORD: secret() };
const stateRoot = await mkdtemp(join(tmpdir(), "berthe2e-flagship-"));

const env = { FRONTEND_PORT: String(ports.frontend), PROMETHEUS_PORT: String(ports.prometheus), APP_VERSION: TAG, BERTH_STATE_DIR: stateRoot, BERTH_SERVE_TOKEN: token, ...secrets };
const stack = new Scenario({ project: PROJECT, cwd: EXAMPLE, env });
// docker-compose v1 on berth's project: it must see the same containers (labels) and can run one-offs.
const compose = composeRunner({ project: PROJECT, env });
const monitoring = ["--profile", "monitoring"];
const servers: ChildProcess[] = [];
// Measured, never asserted as times: written to e2e/artifacts/flagship-timings.json.
const timings: Record<string, number> = {};
let firstUp = "";

const postNote = (text: string) => postNoteTo(BASE, text);
const waitHealthy = (services: readonly string[], timeoutMs?: number) => waitHealthyIn(PROJECT, services, timeoutMs);
const container = (service: string) => `${PROJECT}-${service}-1`;

async function berth(args: string[]): Promise<string> {
  const result = await stack.berth(args);
  if (result.code !== 0) throw new Error(`berth ${args.join(" ")} exited ${result.code}\n${result.stdout}\n${result.stderr}\n${await stack.explain()}`);
  return result.stdout;
}

async function version(): Promise<string> {
  return ((await (await fetch(VERSION_URL)).json()) as { version: string }).version;
}

async function buildImage(args: string[]): Promise<void> {
  const built = await stack.command("docker", ["build", "-q", "-t", BACKEND_IMAGE, ...args], { DOCKER_BUILDKIT: "0" });
  if (built.code !== 0) throw new Error(`docker build ${args.join(" ")} failed: ${built.stderr}`);
}

function expectNoSecret(text: string, where: string): void {
  for (const [name, value] of Object.entries({ ...secrets, token })) expect(text.includes(value), `${name} leaked into ${where}`).toBe(false);
}

describe("the flagship deployed by berth up", () => {
  beforeAll(async () => {
    await stack.cleanup();
    // --build: the tag may still name an image an earlier run rolled out (v2, the broken release).
    [firstUp, timings["buildAndUpToHealthySeconds"]] = await timed(() => berth(["up", "--build", "--json", "--wait-timeout", "300"]));
  });

  afterEach(async (context) => {
    if (context.task.result?.state === "fail") console.error(await stack.explain());
  });

  afterAll(async () => {
    for (const child of servers) child.kill("SIGTERM");
    await mkdir(ARTIFACTS_DIR, { recursive: true });
    await writeFile(join(ARTIFACTS_DIR, "flagship-timings.json"), `${JSON.stringify(timings, null, 2)}\n`);
    console.log("flagship timings:", timings);
    await stack.berth(["down", ...monitoring, "-v"]);
    await stack.cleanup();
    await rm(stateRoot, { recursive: true, force: true });
    // The tag names the broken release now; `up --build` makes it anew next time.
    await docker(["rmi", BACKEND_IMAGE]);
  });

  it("is healthy, publishes only the frontend (through its port holder) on 127.0.0.1, and docker-compose sees berth's containers", async () => {
    const result = JSON.parse(firstUp) as { ok: boolean; services: { service: string; state: string; health: string | null }[] };
    expect(result.ok).toBe(true);
    expect(result.services.filter((s) => s.health === "healthy").map((s) => s.service).sort()).toEqual([...SERVICES].sort());
    // berth ran the healthchecks itself; the engine's own first check may come up to 2 s later.
    await waitHealthy(SERVICES);
    const published = (await docker(["ps", "--filter", `label=com.docker.compose.project=${PROJECT}`, "--format", "{{.Names}} {{.Ports}}"])).split("\n").filter((line) => line.includes("->"));
    // The frontend's port is held by its port holder (docs/rollout.md), so the frontend rolls.
    expect(published).toEqual([expect.stringMatching(new RegExp(`^${container("frontend-edge")} 127\\.0\\.0\\.1:${ports.frontend}->8080/tcp$`))]);
    const ps = await compose(["ps"]);
    for (const service of SERVICES) expect(ps).toMatch(new RegExp(`${container(service)} .*Up \\(healthy\\)`));
    expect(ps).toMatch(new RegExp(`${container("migrate")} .*Exit 0`));
  });

  it("ran the migrate job once, recording both migrations; a rerun applies nothing", async () => {
    const applied = await docker(["exec", container("postgres"), "sh", "-c", 'psql -U "$POSTGRES_USER" -d "$POSTGRES_DB" -Atc "SELECT name FROM schema_migrations ORDER BY version"']);
    expect(applied.trim().split("\n")).toEqual(["001_create_notes.sql", "002_notes_author.sql"]);
    expect((await docker(["inspect", "-f", "{{.State.ExitCode}}", container("migrate")])).trim()).toBe("0");
    expect(await compose(["run", "--rm", "--no-deps", "-T", "migrate"])).toContain('"message":"migrations done","applied":0,"total":2');
  });

  it("refuses to start the backend on a database without the schema", async () => {
    await docker(["exec", container("postgres"), "sh", "-c", 'createdb -U "$POSTGRES_USER" unmigrated']);
    const result = await compose(["run", "--rm", "--no-deps", "-T", "-e", "POSTGRES_DB=unmigrated", "backend"]).then(
      (stdout) => ({ code: 0, stdout }),
      (error: { code: number; stdout: string }) => error,
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("not applied: 001_create_notes.sql, 002_notes_author.sql");
  });

  it("serves the SPA with fallback, gzip, cache and security headers", async () => {
    const about = await fetch(`${BASE}/about`);
    expect(about.status).toBe(200);
    expect(about.headers.get("cache-control")).toBe("no-cache");
    expect(about.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(about.headers.get("x-content-type-options")).toBe("nosniff");
    const asset = /\/assets\/[^"]+\.js/.exec(await about.text())?.[0];
    expect(asset).toBeDefined();
    const js = await fetch(`${BASE}${asset}`, { headers: { "accept-encoding": "gzip" } });
    expect(js.headers.get("content-encoding")).toBe("gzip");
    expect(js.headers.get("cache-control")).toContain("immutable");
    expect(js.headers.get("x-frame-options")).toBe("DENY");
    expect((await fetch(`${BASE}/assets/missing.js`)).status).toBe(404);
    expect(await (await fetch(`${BASE}/metrics`)).text()).not.toContain("process_cpu");
  });

  it("answers REST and pushes the note over Socket.IO through nginx", async () => {
    const socket = await connectSocket(BASE);
    try {
      const pushed = new Promise<{ note: { text: string } }>((resolve) => socket.once("note:created", resolve));
      expect((await postNote("hello over REST")).status).toBe(201);
      expect((await pushed).note.text).toBe("hello over REST");
      const list = (await (await fetch(`${BASE}/api/notes`)).json()) as { notes: { text: string }[] };
      expect(list.notes.map((note) => note.text)).toContain("hello over REST");
      expect(await version()).toBe(TAG);
      expect((await postNote("")).status).toBe(400);
    } finally {
      socket.close();
    }
  });

  it("shows a note created in one browser page live in another", async () => {
    const text = `live note ${Date.now()}`;
    await withBrowser(async (browser) => {
      const [writer, reader] = await Promise.all([browser.newPage(), browser.newPage()]);
      const frames: string[] = [];
      reader.on("websocket", (ws) => ws.on("framereceived", (frame) => frames.push(String(frame.payload))));
      // The reader's one full load (the resync on connect); after it, only the websocket may bring notes.
      const readerSynced = reader.waitForResponse((response) => response.url().endsWith("/api/notes"));
      await Promise.all([writer.goto(BASE), reader.goto(BASE)]);
      await Promise.all([writer, reader].map((page) => page.getByTestId("status").filter({ hasText: "live" }).waitFor()));
      await readerSynced;
      let readerFetches = 0;
      reader.on("request", (request) => void (request.url().endsWith("/api/notes") && readerFetches++));
      await writer.getByTestId("text").fill(text);
      await writer.getByTestId("add").click();
      await reader.getByTestId("notes").getByText(text).waitFor({ timeout: 10_000 });
      expect(readerFetches).toBe(0);
      expect(frames.some((frame) => frame.includes("note:created") && frame.includes(text))).toBe(true);
      await saveScreenshot(reader, "flagship-live-note-reader");
      await saveScreenshot(writer, "flagship-live-note-writer");
      await reader.goto(`${BASE}/about`);
      await reader.getByTestId("about").waitFor();
    });
  });

  it("turns not ready while Redis is down, and live updates resume after it returns", async () => {
    const script = "fetch('http://127.0.0.1:3000/ready').then(async (r) => console.log(r.status, await r.text()))";
    const ready = () => docker(["exec", container("backend"), "node", "-e", script]);
    await docker(["stop", container("redis")]);
    expect(await ready()).toMatch(/^503 .*"redis":\{"ok":false/);
    await docker(["start", container("redis")]);
    await waitHealthy(["redis", "backend"]);
    expect(await ready()).toMatch(/^200 /);
    const socket = await connectSocket(BASE);
    try {
      const pushed = new Promise<{ note: { text: string } }>((resolve) => socket.once("note:created", resolve));
      expect((await postNote("after redis restart")).status).toBe(201);
      expect((await pushed).note.text).toBe("after redis restart");
    } finally {
      socket.close();
    }
  });

  it("is scraped by Prometheus (monitoring profile): the backend's metrics and berth's own /metrics", async () => {
    expect((await postNote("counted by prometheus")).status).toBe(201);
    // berth serve where the containers reach the host (prometheus.yml: host.docker.internal:7010).
    const gateway = await hostGatewayAddress();
    await stack.step("berth serve on the docker0 address", () => startServe(stack, [...monitoring, "--host", gateway, "--port", String(ports.gatewayServe), "--allowed-host", "host.docker.internal"], servers));
    const before = (await docker(["inspect", "-f", "{{.Id}}", container("backend")])).trim();
    await stack.step("berth up --profile monitoring adds Prometheus alone", () => berth(["up", ...monitoring, "--json", "--wait-timeout", "120"]));
    expect((await docker(["inspect", "-f", "{{.Id}}", container("backend")])).trim()).toBe(before);
    const prometheus = `http://127.0.0.1:${ports.prometheus}`;
    const targets = await stack.step("Prometheus has both targets up", () =>
      waitFor("backend and berth targets up", async () => {
        const active = await prometheusTargets(prometheus);
        const up = (job: string) => active.some((t) => t.labels["job"] === job && t.health === "up");
        if (up("backend") && up("berth")) return active;
        throw new Error(JSON.stringify(active.map((t) => [t.labels["job"], t.health, t.lastError])));
      }),
    );
    timings["prometheusScrapeOfBerthMs"] = Math.round((targets.find((t) => t.labels["job"] === "berth")?.lastScrapeDuration ?? 0) * 1000);
    const notes = await waitFor("notes_created_total scraped", async () => (await prometheusQuery(prometheus, "notes_created_total"))[0]);
    expect(Number(notes.value[1])).toBeGreaterThanOrEqual(1);
    const up = await waitFor("berth_service_up for every service", async () => {
      const samples = await prometheusQuery(prometheus, `berth_service_up{project="${PROJECT}"}`);
      return samples.length >= 5 ? samples : undefined;
    });
    expect(Object.fromEntries(up.map((s) => [s.metric["service"], s.value[1]]))).toMatchObject({ frontend: "1", backend: "1", postgres: "1", redis: "1", prometheus: "1" });
  });

  it("rolls a new backend image out under load: no failed request, no outage, the frontend untouched", async () => {
    await stack.step("build the backend v2 under the same tag", () => buildImage(["--build-arg", "APP_VERSION=v2", BACKEND]));
    const frontend = (await docker(["inspect", "-f", "{{.Id}}", container("frontend")])).trim();
    const { load, result } = await stack.step("berth up under 50 req/s until it exits", () => upUnderLoad(stack, [...monitoring, "--json", "--wait-timeout", "120"], VERSION_URL, 50, MAX_LOAD_SECONDS));
    timings["rolloutLongestGapMs"] = load.longestGapMs;
    timings["rolloutFailedRequests"] = load.failed;
    await stack.step("a start-first rollout of the backend, nothing else replaced", async () => {
      expect(result.code, result.stdout + result.stderr).toBe(0);
      const outcome = JSON.parse(result.stdout) as { rollouts?: { service: string; status: string }[] };
      expect(outcome.rollouts).toEqual([expect.objectContaining({ service: "backend", status: "replaced" })]);
      // x-berth.backup.before_migrate: the new image re-runs the migrate job, on proven backups.
      expect(result.stderr).toContain("backed up 2 service(s) before migration job(s) migrate");
      expect((await docker(["inspect", "-f", "{{.Id}}", container("frontend")])).trim()).toBe(frontend);
    });
    await stack.step("every request answered, the first version then v2", async () => {
      expect(load.failures).toEqual([]);
      expect(load.ok).toBe(load.sent);
      // An outage-sized gap (docker-compose's recreate shows 0.7-1.4 s here); the 100 ms target
      // is bench/rollout.bench.ts's to measure: a shared 2-core runner adds tens of ms by itself.
      expect(load.longestGapMs).toBeLessThan(500);
      expect(load.versions).toEqual([TAG, "v2"]);
    });
    expect(await version()).toBe("v2");
  });

  it("rolls back a release that fails its healthcheck: old version answering, exit 1, diagnosis, history", async () => {
    await stack.step("build a broken release over v2", () => buildImage(["--build-arg", `BASE=${BACKEND_IMAGE}`, join(import.meta.dirname, "stacks", "flagship-broken")]));
    // The monitor window is 20 s (compose.yaml's update_config): the load covers it and the rollback.
    const { load, result } = await stack.step("berth up under 50 req/s until it exits", () => upUnderLoad(stack, [...monitoring, "--json", "--wait-timeout", "120"], VERSION_URL, 50, MAX_LOAD_SECONDS));
    timings["rollbackLongestGapMs"] = load.longestGapMs;
    await stack.step("exit 1, the rollout rolled back, the backend diagnosed", async () => {
      expect(result.code, result.stderr).toBe(1);
      const outcome = JSON.parse(result.stdout) as { ok: boolean; rollouts: { status: string; failure: { reason: string } }[]; services: { service: string; diagnoses: { code: string; message: string }[] }[] };
      expect(outcome.ok).toBe(false);
      expect(outcome.rollouts[0]?.status).toBe("rolled-back");
      const diagnoses = outcome.services.find((s) => s.service === "backend")?.diagnoses ?? [];
      stack.note(`diagnoses: ${JSON.stringify(diagnoses)}`);
      expect(diagnoses.map((d) => d.code)).toContain("unhealthy");
    });
    await stack.step("no request failed; v2 answered throughout", async () => {
      expect(load.failures).toEqual([]);
      expect(load.versions).toEqual(["v2"]);
      expect(load.longestGapMs).toBeLessThan(500);
    });
    const backends = await docker(["ps", "-a", "--filter", `label=com.docker.compose.project=${PROJECT}`, "--filter", "label=com.docker.compose.service=backend", "--format", "{{.Names}}"]);
    expect(backends.trim()).toBe(container("backend"));
    const history = await berth(["history", ...monitoring]);
    const newest = history.split("\n#")[0] ?? "";
    expect(newest).toMatch(/^#\d+ .* rolled-back +up\n +backend: \w{12} -> \w{12}/);
    expect(history).toMatch(/#\d+ .* deployed +up\n +backend: \w{12} -> \w{12}/);
  });

  it("berth serve's dashboard: every service healthy, a stop seen live, verify, report, roll back", async () => {
    const missing = chromiumMissing();
    if (missing) throw new Error(missing);
    const base = await stack.step("berth serve on 127.0.0.1", () => startServe(stack, [...monitoring, "--port", String(ports.serve)], servers));
    await withBrowser(async (browser) => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
      await page.goto(`${base}/#token=${token}`);
      await stack.step("every service healthy on the page", async () => {
        for (const service of [...SERVICES, "prometheus"]) await page.locator(`tr[data-service="${service}"][data-state="healthy"]`).waitFor({ timeout: 60_000 });
        await page.locator('[data-live="true"]').waitFor({ timeout: 10_000 });
      });
      await saveScreenshot(page, "flagship-dashboard-healthy");
      await stack.step("docker stop redis: redis stopped and the backend unhealthy, live", async () => {
        await docker(["stop", container("redis")]);
        const stoppedAt = Date.now();
        // The page polls every 30 s: seeing the stop within 15 s is the event stream's doing.
        await page.locator('tr[data-service="redis"][data-state="stopped"]').waitFor({ timeout: 15_000 });
        timings["stoppedContainerOnPageMs"] = Date.now() - stoppedAt;
        // The engine's verdict: 10 failed checks 2 s apart (compose.yaml), then a health event.
        await page.locator('tr[data-service="backend"][data-state="unhealthy"]').waitFor({ timeout: 60_000 });
        timings["backendUnhealthyOnPageMs"] = Date.now() - stoppedAt;
      });
      await saveScreenshot(page, "flagship-dashboard-redis-stopped");
      await stack.step("docker start redis: healthy again", async () => {
        await docker(["start", container("redis")]);
        for (const service of ["redis", "backend"]) await page.locator(`tr[data-service="${service}"][data-state="healthy"]`).waitFor({ timeout: 60_000 });
      });
      await stack.step("Verify now", async () => {
        const clickedAt = Date.now();
        await page.click('button[data-action="verify"]');
        await page.locator('[data-testid="action-message"]', { hasText: /verify: \d+\/\d+ probes passed/ }).waitFor({ timeout: 120_000 });
        timings["verifyFromDashboardMs"] = Date.now() - clickedAt;
      });
      await saveScreenshot(page, "flagship-dashboard-verified");
      expectNoSecret(await page.content(), "the dashboard");
      await stack.step("Roll back (to the release before v2) under load", async () => {
        const stop = new AbortController();
        const loading = runLoad(VERSION_URL, 20, MAX_LOAD_SECONDS, undefined, stop.signal);
        await page.click('button[data-action="rollback"]');
        const [load] = await loadUntil(loading, stop, page.locator('[data-testid="action-message"]', { hasText: /rollback: rollback to release #\d+: deployed/ }).waitFor({ timeout: 120_000 }));
        stack.note(`load during the dashboard's rollback: ${JSON.stringify(load)}`);
        expect(load.failures).toEqual([]);
        expect(await version()).toBe(TAG);
        await page.locator("tr[data-release]", { hasText: "rollback" }).first().waitFor({ timeout: 10_000 });
      });
      await saveScreenshot(page, "flagship-dashboard-rolled-back");
      await stack.step("open the latest report", async () => {
        await page.locator("a[data-report]").first().click();
        await page.waitForLoadState("load");
      });
      const report = await page.content();
      expect(report).toMatch(/verdict/i);
      expectNoSecret(report, "the report page");
      await saveScreenshot(page, "flagship-report");
    });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    const sample = (name: string, outcome: string) => new RegExp(`^${name}\\{project="${PROJECT}",outcome="${outcome}"\\} (\\d+)$`, "m").exec(metrics)?.[1];
    expect({ deployed: sample("berth_deployments_total", "deployed"), rolledBack: sample("berth_deployments_total", "rolled-back"), rollbacks: sample("berth_rollbacks_total", "deployed") }).toEqual({ deployed: expect.stringMatching(/^[1-9]/), rolledBack: "1", rollbacks: "1" });
    expect(metrics).toMatch(new RegExp(`^berth_rollback_last_duration_seconds\\{project="${PROJECT}",run="[^"]+"\\} \\d`, "m"));
    const api = `${base}/api/projects/${PROJECT}`;
    const urls = [`${api}/services`, `${api}/runs`, `${api}/releases`, `${api}/verify`, `${api}/backups`, `${base}/metrics`, ...[...SERVICES, "migrate"].map((s) => `${api}/services/${s}/logs?tail=500`)];
    for (const url of urls) expectNoSecret(await (await fetch(url)).text(), url);
    const backups = (await (await fetch(`${api}/backups`)).json()) as { service: string; drill: { ok: boolean } | null }[];
    expect(new Set(backups.filter((b) => b.drill?.ok).map((b) => b.service))).toEqual(new Set(["postgres", "redis"]));
  });

  it("drains and exits 0 on SIGTERM", async () => {
    await docker(["stop", "-t", "15", container("backend")]);
    expect((await docker(["inspect", "-f", "{{.State.ExitCode}}", container("backend")])).trim()).toBe("0");
    expect(await docker(["logs", "--tail", "5", container("backend")])).toContain('"message":"shutdown complete"');
  });
});
