import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lockProject } from "../src/deploy/lock.js";
import { projectStateDir } from "../src/deploy/state-dir.js";
import { docker, Scenario, type CommandResult } from "./support/scenario.js";

// Issue 18: `berth up` SIGKILLed at points chosen by engine events (a first deploy after its
// first container is created, and after the app's first start; a rolling update once its
// successor has started) leaves nothing a person must do: a plain `berth up` converges to every
// service running and healthy, exactly the declared replicas, no successor or retired container
// left, the data written before the kill still there, `berth ps` clean and the lock free. And
// `berth down` under a live holder of that lock waits, says so, and runs once it is free.

const project = "berthe2e-kill-up";
const port = "18961";
const folder = await mkdtemp(join(tmpdir(), "berthe2e-kill-up-"));

// redis with a named volume, a 2-replica Node app that rolls start-first when APP_VERSION
// changes (stand-in images only: no build), nginx in front on 127.0.0.1.
const compose = `services:
  redis:
    image: redis:7
    command: ["redis-server", "--appendonly", "yes"]
    volumes: ["data:/data"]
    healthcheck: { test: ["CMD", "redis-cli", "ping"], interval: 1s, timeout: 2s, retries: 30 }
  app:
    image: node:20-bookworm-slim
    command: ["node", "-e", "require('http').createServer((q, s) => s.end(process.env.APP_VERSION)).listen(3000)"]
    environment: { APP_VERSION: "\${APP_VERSION:-v1}" }
    init: true
    deploy: { replicas: 2 }
    depends_on: { redis: { condition: service_healthy } }
    healthcheck:
      test: ["CMD", "bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/3000"]
      interval: 1s
      timeout: 1s
      retries: 30
  web:
    image: nginx:1.22
    ports: ["127.0.0.1:${port}:80"]
    volumes: ["./default.conf:/etc/nginx/conf.d/default.conf:ro"]
    depends_on: { app: { condition: service_healthy } }
    healthcheck: { test: ["CMD", "curl", "-fsS", "-o", "/dev/null", "http://127.0.0.1/healthz"], interval: 1s, timeout: 2s, retries: 30 }
volumes:
  data:
`;
const nginx = `server {
  listen 80;
  resolver 127.0.0.11 valid=2s ipv6=off;
  set $app app:3000;
  location = /healthz { return 200 "ok\\n"; }
  location / { proxy_pass http://$app; proxy_next_upstream error timeout; proxy_connect_timeout 500ms; }
}
`;
const at = (version: string) => new Scenario({ project, cwd: folder, env: { APP_VERSION: version, BERTH_STABLE_MS: "300", BERTH_ROLLOUT_SETTLE_MS: "500" } });
const stack = at("v1");

interface Inspected {
  Name: string;
  State: { Status: string; Health?: { Status: string } };
  Config: { Env: string[]; Labels: Record<string, string> };
}

async function inspectAll(): Promise<Inspected[]> {
  const ids = (await docker(["ps", "-aq", "--filter", `label=com.docker.compose.project=${project}`])).split("\n").filter(Boolean);
  if (ids.length === 0) return [];
  const text = await docker(["inspect", ...ids]);
  if (!text.startsWith("[")) throw new Error(`docker inspect ${ids.join(" ")}: ${text}`);
  return JSON.parse(text) as Inspected[];
}

async function ok(scenario: Scenario, args: readonly string[]): Promise<CommandResult> {
  const result = await scenario.berth(args);
  if (result.code !== 0) throw new Error(`berth ${args.join(" ")} exited ${result.code}:\n${result.stdout}${result.stderr}`);
  return result;
}

/**
 * Starts `berth up` and SIGKILLs it at the first engine event matching the filters (the event
 * stream is connected before berth starts, so an event a few milliseconds after the start is
 * still caught); bounded to 60 s. Returns what the killed berth printed.
 */
async function killUpAt(scenario: Scenario, filters: readonly string[]): Promise<CommandResult> {
  const watcher = spawn("docker", ["events", "--format", "{{.Status}} {{.Actor.Attributes.name}}", "--filter", `label=com.docker.compose.project=${project}`, ...filters.flatMap((f) => ["--filter", f])], { stdio: ["ignore", "pipe", "ignore"] });
  const seen = new Promise<void>((resolve) => watcher.stdout.once("data", () => resolve()));
  await new Promise((resolve) => setTimeout(resolve, 500));
  try {
    const { child, done } = scenario.startBerth(["up", "--wait-timeout", "60"]);
    await Promise.race([seen, done, new Promise((resolve) => setTimeout(resolve, 60_000))]);
    child.kill("SIGKILL");
    return await done;
  } finally {
    watcher.kill();
  }
}

/**
 * The engine's own health status of each container (none for the port holder, which has no
 * healthcheck). berth gates on its own probes, so the engine's next interval may still be due:
 * polled for up to 20 s.
 */
async function settledHealth(): Promise<{ all: Inspected[]; health: string[] }> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const all = await inspectAll();
    const health = all.map((c) => `${c.Name.slice(1)} ${c.State.Status} ${c.State.Health?.Status ?? "none"}`).sort();
    if (health.every((line) => !line.endsWith(" starting")) || Date.now() > deadline) return { all, health };
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** The state a converged `up` must leave, for the given app version. */
async function expectConverged(version: string, converge: CommandResult): Promise<void> {
  // The lock a killed berth left does not hold the next one up.
  expect(converge.stderr).not.toContain("waiting for another berth");
  const { all, health } = await settledHealth();
  // web publishes a port, so berth puts its port holder (web-edge) in front of it (docs/rollout.md).
  expect(health).toEqual([
    `${project}-app-1 running healthy`,
    `${project}-app-2 running healthy`,
    `${project}-redis-1 running healthy`,
    `${project}-web-1 running healthy`,
    `${project}-web-edge-1 running none`,
  ]);
  const apps = all.filter((c) => c.Config.Labels["com.docker.compose.service"] === "app");
  expect(apps.map((c) => c.Config.Env.find((e) => e.startsWith("APP_VERSION=")))).toEqual([`APP_VERSION=${version}`, `APP_VERSION=${version}`]);
  expect(await docker(["exec", `${project}-redis-1`, "redis-cli", "get", "before-kill"])).toMatch(/^kept\s*$/);
  const response = await fetch(`http://127.0.0.1:${port}/`);
  expect(await response.text()).toBe(version);
  const ps = await ok(at(version), ["ps"]);
  const rows = ps.stdout.split("\n").filter((line) => line.startsWith(project));
  expect(rows.map((row) => row.split(/\s+/)[0]).sort()).toEqual(health.map((line) => line.split(" ")[0]));
  expect(rows.every((row) => / Up /.test(row))).toBe(true);
}

describe("berth up killed with SIGKILL converges on the next up", () => {
  beforeAll(async () => {
    await stack.cleanup();
    await rm(join(stack.env["BERTH_STATE_DIR"] as string, project), { recursive: true, force: true });
    await writeFile(join(folder, "compose.yaml"), compose);
    await writeFile(join(folder, "default.conf"), nginx);
  });

  afterAll(async () => {
    await stack.berth(["down", "-v", "-t", "1"]);
    await stack.cleanup();
    await rm(join(stack.env["BERTH_STATE_DIR"] as string, project), { recursive: true, force: true });
    await rm(folder, { recursive: true, force: true });
  });

  it("first deploy killed after the first create, then after the app's first start; rolling updates killed after the successor's start and after the old replica's retirement", async () => {
    const started = Date.now();
    const created = await stack.step("kill -9: first deploy, after the first container create", () => killUpAt(stack, ["event=create"]));
    expect(created.code).toBe(137);
    expect((await inspectAll()).length).toBeGreaterThan(0);
    const appStarted = await stack.step("kill -9: the next up, after the app's first start", () => killUpAt(stack, ["event=start", "label=com.docker.compose.service=app"]));
    expect(appStarted.code).toBe(137);
    const first = await stack.step("a plain up converges", () => ok(stack, ["up", "--wait-timeout", "60"]));
    await docker(["exec", `${project}-redis-1`, "redis-cli", "set", "before-kill", "kept"]);
    await docker(["exec", `${project}-redis-1`, "redis-cli", "bgrewriteaof"]);
    await stack.step("converged after the first deploy's kills", () => expectConverged("v1", first));

    const v2 = at("v2");
    const killed = await v2.step("kill -9: rolling update, after the successor's start", () => killUpAt(v2, ["event=start", `container=${project}-app-1_next`]));
    expect(killed.code).toBe(137);
    expect((await inspectAll()).map((c) => c.Name)).toContain(`/${project}-app-1_next`);
    const rolled = await v2.step("a plain up converges the interrupted rollout", () => ok(v2, ["up", "--wait-timeout", "60"]));
    expect(rolled.stdout + rolled.stderr).toMatch(/interrupted rollout/);
    await v2.step("converged after the rollout's kill", () => expectConverged("v2", rolled));

    // Past the gate: the old replica steps aside under its retired name (<id>_<name>) once its
    // successor is proven; killed there, the running successor must take the usual name.
    const v3 = at("v3");
    const retired = await v3.step("kill -9: rolling update, after the old replica was retired", () => killUpAt(v3, ["event=rename", "label=com.docker.compose.service=app"]));
    expect(retired.code).toBe(137);
    const resumed = await v3.step("a plain up converges the rollout killed past its gate", () => ok(v3, ["up", "--wait-timeout", "60"]));
    await v3.step("converged after the second rollout's kill", () => expectConverged("v3", resumed));

    // down takes the same run lock as up: under a live holder it waits and says so, then runs.
    const held = await lockProject({ stateDir: projectStateDir(project, v3.env), timeoutMs: 10_000, signal: new AbortController().signal });
    const down = v3.startBerth(["down", "-t", "1"]);
    let waited = "";
    try {
      await v3.step("down waits for the lock and says so", async () => {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 30_000);
          down.child.stderr?.on("data", (chunk: Buffer) => (waited += chunk.toString()).includes("waiting for another berth") && (clearTimeout(timer), resolve()));
        });
        expect(waited).toMatch(/waiting for another berth \(.*\) working on berthe2e-kill-up/);
        expect((await inspectAll()).filter((c) => c.State.Status === "running")).toHaveLength(5);
      });
    } finally {
      await held.release();
    }
    const downed = await down.done;
    await v3.step("once the lock is free, down removes the stack", async () => {
      expect(downed.code).toBe(0);
      expect(await inspectAll()).toEqual([]);
    });
    console.log(`kill-up: ${((Date.now() - started) / 1000).toFixed(1)} s for 4 kills and their convergence, and a down under a held lock`);
  }, 180_000);
});
