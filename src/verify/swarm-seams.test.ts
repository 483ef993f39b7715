import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createRedactor } from "../common/redact.js";
import { loadInline } from "../compose/testing/inline-project.js";
import { FakeEngine } from "../engine/fake-engine.js";
import { openJournal, readJournal } from "../journal/journal.js";
import type { ServiceStatus } from "../report/report.js";
import { storeStepsFor } from "./persistence-stores.js";
import { psqlEnvironmentOf } from "./postgres-probe.js";
import type { Evidence, Probe, RedisProbe } from "./probe.js";
import { judgeRedis } from "./redis-probe.js";
import { verifyDeployment, type DeploymentTarget } from "./verify-deployment.js";
import { verifyProject } from "./verify-project.js";

// The seams a target other than one engine's containers (a Swarm manager) plugs into: it runs the
// probes, gives the nginx configs inference reads, and says each service's state for the report.

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const project = loadInline(`
name: shop
services:
  web: { image: nginx:1.22, ports: [{ target: 8080, published: 18080, mode: host }] }
  api: { image: "app:1", healthcheck: { test: ["CMD", "true"] } }
`);
const nginxT = "# configuration file /etc/nginx/conf.d/default.conf:\nserver { listen 8080; location /socket.io/ { proxy_pass http://api:3000; proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection \"upgrade\"; } }";

const evidenceOf = (probe: Probe, ok: boolean): Evidence => ({ probe: probe.name, kind: probe.kind, target: probe.name, ok, summary: ok ? "ok" : "failed", failures: ok ? [] : ["failed"], facts: {}, startedAt: "2026-12-08T03:00:00.000Z", durationMs: 1, ...(probe.inferredFrom ? { inferredFrom: probe.inferredFrom } : {}) });
const running = (service: string): ServiceStatus => ({ service, container: `shop_${service}.1 on node-1`, image: "x", imageSizeBytes: null, state: "running", health: "none", exitCode: null, oneShot: false, ports: [], restarts: 0, cpuPercent: null, memoryBytes: null, memoryLimitBytes: null, createdAt: null, startedAt: null, healthyAt: null, finishedAt: null });

/** A target that records what it was asked and answers every probe with `ok`. */
function target(ok: (probe: Probe) => boolean, services: ServiceStatus[] = [running("web"), running("api")]) {
  const asked: Probe[][] = [];
  const value: DeploymentTarget = {
    runProbes: async (probes) => (asked.push([...probes]), probes.map((probe) => evidenceOf(probe, ok(probe)))),
    nginxConfigs: async () => ({ web: nginxT }),
    serviceStatus: async () => services,
  };
  return { value, asked };
}

describe("verifyProject with a target", () => {
  it("hands the probes to the target, inferring websocket probes from the nginx configs it gives; the engine is not asked", async () => {
    const engine = new FakeEngine();
    const { value, asked } = target(() => true);
    const outcome = await verifyProject({ engine, project, target: value });
    expect(asked).toHaveLength(1);
    expect(outcome.probes.map((probe) => probe.name)).toEqual(["web-health", "api-health", "web-http-18080", "web-websocket-socket-io"]);
    expect(outcome.ok).toBe(true);
    expect(await engine.listContainers({})).toEqual([]);
  });

  it("a failed inferred opinion warns, a failed declared probe fails, as on one host", async () => {
    const declared = loadInline(`
name: shop
x-berth:
  verify:
    - name: api-up
      http: { url: "http://api:3000/health" }
services:
  api: { image: "app:1" }
`);
    expect((await verifyProject({ engine: new FakeEngine(), project: declared, target: target(() => false).value })).ok).toBe(false);
    const withStore = loadInline("name: shop\nservices:\n  cache: { image: redis:7 }\n");
    expect((await verifyProject({ engine: new FakeEngine(), project: withStore, target: target((probe) => probe.kind !== "persistence").value })).ok).toBe(true);
    expect((await verifyProject({ engine: new FakeEngine(), project: withStore, target: target((probe) => probe.kind !== "health").value })).ok).toBe(false);
  });
});

describe("verifyDeployment with a target", () => {
  it("journals the evidence and builds the report on the target's services", async () => {
    const stateDir = mkdtempSync(join(tmpdir(), "berth-swarm-seams-"));
    dirs.push(stateDir);
    const journal = await openJournal(stateDir, "20261208T030000Z-abcdef");
    const verified = await verifyDeployment({ engine: new FakeEngine(), project, stateDir, journal, redactor: createRedactor([]), target: target(() => true).value });
    expect(verified.report.verdict.status).not.toBe("fail");
    expect(verified.report.services.map((service) => [service.service, service.state, service.container])).toEqual([["web", "running", "shop_web.1 on node-1"], ["api", "running", "shop_api.1 on node-1"]]);
    const entries = await readJournal(stateDir, journal.runId);
    expect(entries.filter((entry) => entry.type === "evidence")).toHaveLength(4);
  });

  it("fails the verdict on a service the target says is short of tasks", async () => {
    const stateDir = mkdtempSync(join(tmpdir(), "berth-swarm-seams-"));
    dirs.push(stateDir);
    const journal = await openJournal(stateDir, "20261208T030001Z-abcdef");
    const short = { ...running("api"), state: "1/2 tasks running" };
    const verified = await verifyDeployment({ engine: new FakeEngine(), project, stateDir, journal, redactor: createRedactor([]), target: target(() => true, [running("web"), short]).value });
    expect(verified.report.verdict.status).toBe("fail");
    expect(verified.report.verdict.reasons).toContain("service api is not ready (1/2 tasks running)");
  });
});

describe("store steps from a service's environment", () => {
  it("postgres: the URL's credentials, else the service's own user and database", () => {
    expect(psqlEnvironmentOf({ url: "postgres://app:p%40ss@db:5433/notes" }, {})).toEqual(["PGHOST=db", "PGPORT=5433", "PGUSER=app", "PGPASSWORD=p@ss", "PGDATABASE=notes"]);
    expect(psqlEnvironmentOf({}, { POSTGRES_USER: "notes", POSTGRES_DB: "shop" })).toEqual(["PGUSER=notes", "PGDATABASE=shop"]);
  });
  it("redis: the service's REDIS_PASSWORD in REDISCLI_AUTH", () => {
    const steps = storeStepsFor({ kind: "persistence", name: "p", service: "cache", store: "redis", restart: true, timeoutMs: 1000 }, { REDIS_PASSWORD: "r3dis" });
    expect(steps.write("m1")).toEqual({ command: ["redis-cli", "SET", "berth:verify:m1", "m1"], env: ["REDISCLI_AUTH=r3dis"] });
  });
  it("judgeRedis: the reply must contain the expected text; NOAUTH gets the password hint", () => {
    const probe: RedisProbe = { kind: "redis", name: "ping", service: "cache", command: ["PING"], expect: "PONG", timeoutMs: 1000 };
    const result = (output: string, exitCode = 0) => ({ exitCode, stdout: output, stderr: "", output, timedOut: false, durationMs: 2 });
    expect(judgeRedis(probe, "t", result("PONG\n")).failures).toEqual([]);
    const denied = judgeRedis(probe, "t", result("NOAUTH Authentication required."));
    expect(denied.failures).toEqual(['expected a reply containing "PONG", got "NOAUTH Authentication required."']);
    expect(denied.hint).toContain("redis wants a password");
  });
});
