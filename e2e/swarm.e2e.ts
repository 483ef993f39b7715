import { execFile, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServe } from "./support/flagship-stack.js";
import { Scenario } from "./support/scenario.js";

// A real three-node Swarm (scripts/harness/swarm-cluster.sh: Docker-in-Docker nodes on this
// engine), a stack deployed with docker stack deploy, and berth ps read through the manager.
// The cluster is this file's own (berth-swarm-e2e-*) and is torn down in afterAll, failed or not.
const run = promisify(execFile);
const ROOT = join(import.meta.dirname, "..");
const CLUSTER = join(ROOT, "scripts", "harness", "swarm-cluster.sh");
const STACK_DIR = join(import.meta.dirname, "stacks", "swarm-ps");
const STACK = "berthe2e-swarm";
// Heartbeat 1s: a stopped node is marked down within seconds (Swarm's default 5s takes longer).
const clusterEnv = { ...process.env, BERTH_SWARM_NAME: `berth-swarm-e2e-${process.pid}`, BERTH_SWARM_NODES: "3", BERTH_SWARM_HEARTBEAT: "1s" };

let status: Record<string, string> = {};
let scenario: Scenario;
const servers: ChildProcess[] = [];

async function cluster(command: string, ...args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run("bash", [CLUSTER, command, ...args], { env: clusterEnv, timeout: 150_000, maxBuffer: 4 * 1024 * 1024 });
}

function parseStatus(text: string): Record<string, string> {
  return Object.fromEntries(text.split("\n").flatMap((line) => {
    const match = /^(BERTH_SWARM_[A-Z0-9_]+)=(.*)$/.exec(line);
    return match ? [[match[1] as string, match[2] as string]] : [];
  }));
}

beforeAll(async () => {
  const started = Date.now();
  const up = await cluster("up", "redis:7");
  status = parseStatus(up.stdout);
  // The harness prints each phase and the cluster's start time; keep them in the test output.
  process.stdout.write(`${up.stderr}[swarm e2e] cluster and image delivery: ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
  scenario = new Scenario({ project: STACK, cwd: STACK_DIR, env: { DOCKER_HOST: status["BERTH_SWARM_MANAGER"] ?? "" } });
}, 200_000);

afterAll(async () => {
  for (const child of servers) child.kill("SIGTERM");
  await cluster("down").catch((error: unknown) => process.stderr.write(`swarm-cluster.sh down failed: ${String(error)}\n`));
}, 120_000);

describe("berth on a three-node Swarm", () => {
  it("lists the stack's tasks with their nodes exactly as docker stack ps does", async () => {
    expect(status["BERTH_SWARM_READY"]).toBe("3");
    const deployed = await scenario.step("docker stack deploy", () => scenario.command("timeout", ["120", "docker", "stack", "deploy", "--detach=false", "--resolve-image", "never", "-c", "stack.yaml", STACK]));
    expect(deployed.code, deployed.stderr).toBe(0);

    const ps = await scenario.step("berth ps --json", () => scenario.berth(["ps", "--json", "-p", STACK]));
    expect(ps.code, ps.stderr).toBe(0);
    const rows = (JSON.parse(ps.stdout) as { tasks: { name: string; service: string; node: string; desiredState: string; state: string }[] }).tasks;
    const docker = await scenario.command("docker", ["stack", "ps", STACK, "--format", "{{.Name}}|{{.Node}}|{{.DesiredState}}"]);
    const fromDocker = docker.stdout.trim().split("\n").map((line) => line.replace(/^\s*\\_\s*/, "").toLowerCase()).sort();
    expect(rows.map((row) => `${row.name}|${row.node}|${row.desiredState}`).sort()).toEqual(fromDocker);

    const running = rows.filter((row) => row.desiredState === "running");
    const nodeOf = (service: string) => running.filter((row) => row.service === service).map((row) => row.node).sort();
    expect(running.every((row) => row.state === "running")).toBe(true);
    expect(nodeOf("cache")).toEqual([status["BERTH_SWARM_NODE_1"], status["BERTH_SWARM_NODE_2"]]);
    expect(nodeOf("store")).toEqual([status["BERTH_SWARM_NODE_3"]]);

    // The table names the same nodes, and a service argument narrows it.
    const table = await scenario.berth(["ps", "-p", STACK, "store"]);
    expect(table.stdout).toMatch(/^NAME\s+SERVICE\s+NODE\s+DESIRED STATE\s+CURRENT STATE\s+ERROR\s+IMAGE/);
    expect(table.stdout).toContain(`${STACK}_store.1`);
    expect(table.stdout).toContain(status["BERTH_SWARM_NODE_3"]);
    expect(table.stdout).not.toContain(`${STACK}_cache`);
  });

  it("after two workers stop, ps and /metrics say what was lost, where it was rescheduled and what runs nowhere", async () => {
    const started = Date.now();
    const [node1, node2, node3] = [status["BERTH_SWARM_NODE_1"] ?? "", status["BERTH_SWARM_NODE_2"] ?? "", status["BERTH_SWARM_NODE_3"] ?? ""];
    // berth serve starts while the nodes fail and Swarm reacts (its start is seconds of tsx).
    const serving = startServe(scenario, ["-f", "stack.yaml", "-p", STACK, "--port", "0"], servers);
    serving.catch(() => undefined);
    const runningTasks = async () => (await scenario.command("docker", ["stack", "ps", STACK, "--filter", "desired-state=running", "--filter", "desired-state=ready", "--format", "{{.Name}} {{.Node}} {{.CurrentState}}"])).stdout.trim().split("\n").sort();
    const cacheOnNode2 = (await runningTasks()).find((line) => line.startsWith(`${STACK}_cache.`) && line.includes(` ${node2} `))?.split(" ")[0];
    expect(cacheOnNode2, "a cache task runs on node 2 before the failure").toBeDefined();

    // A worker holding a replicated task and the worker the pinned store needs: stopped on the host engine.
    await run("docker", ["stop", "-t", "1", node2, node3], { env: process.env, timeout: 60_000 });
    const stoppedAt = Date.now();
    // Bounded wait until Swarm has moved what it can: both cache tasks running on node 1, store pending.
    let settled: string[] = [];
    for (const deadline = Date.now() + 90_000; Date.now() < deadline; await new Promise((wait) => setTimeout(wait, 1000))) {
      settled = await runningTasks();
      if (settled.filter((line) => line.startsWith(`${STACK}_cache.`) && line.includes(` ${node1} Running`)).length === 2 && settled.some((line) => line.startsWith(`${STACK}_store.1`) && line.includes("Pending"))) break;
    }
    process.stdout.write(`[swarm e2e] Swarm rescheduled ${((Date.now() - stoppedAt) / 1000).toFixed(1)}s after the stop: ${settled.join("; ")}\n`);

    // At once: the JSON (a listing: exit 0), the table of ps --check (exit 1: store is short), and
    // ps --check of cache alone (exit 0: its lost task runs again, on node 1).
    const [json, table, cacheOnly] = await scenario.step("berth ps after the failure", () =>
      Promise.all([scenario.berth(["ps", "--json", "-p", STACK]), scenario.berth(["ps", "--check", "-p", STACK]), scenario.berth(["ps", "--check", "-p", STACK, "cache"])]),
    );
    expect(json.code, json.stderr).toBe(0);
    const view = JSON.parse(json.stdout) as {
      nodes: { name: string; state: string; message: string }[];
      services: { service: string; running: number; desired: number; ok: boolean; lost: { task: string; node: string; replacement?: { node: string; state: string; error: string } }[]; pending: { task: string; state: string; message: string }[] }[];
    };
    expect(view.nodes.map((node) => `${node.name}=${node.state}`)).toEqual([`${node1}=ready`, `${node2}=down`, `${node3}=down`]);
    const [cache, store] = view.services;
    expect(cache).toMatchObject({ service: "cache", running: 2, desired: 2, ok: true, pending: [] });
    expect(cache?.lost).toEqual([{ task: cacheOnNode2, node: node2, nodeState: "down", replacement: { task: cacheOnNode2, node: node1, state: "running", error: "" } }]);
    expect(store).toMatchObject({ service: "store", running: 0, desired: 1, ok: false });
    expect(store?.lost).toMatchObject([{ task: `${STACK}_store.1`, node: node3, replacement: { node: "", state: "pending" } }]);
    expect(store?.pending).toMatchObject([{ task: `${STACK}_store.1`, state: "pending" }]);
    expect(store?.pending[0]?.message).toMatch(/^no suitable node \(/);

    expect(table.code, `ps --check fails while a service runs fewer tasks than desired: ${table.stderr}`).toBe(1);
    expect(table.stdout).toContain(`lost: ${cacheOnNode2} on ${node2} (node down); rescheduled as ${cacheOnNode2} on ${node1}, running`);
    expect(table.stdout).toContain(`lost: ${STACK}_store.1 on ${node3} (node down); not rescheduled: its replacement ${STACK}_store.1 is pending: no suitable node (`);
    expect(table.stdout).toContain(`not running: ${STACK}_store.1 pending: no suitable node (`);
    expect(table.stdout).toContain("NOT HEALTHY: store 0/1 tasks running");
    expect(table.stdout).not.toContain("NOT HEALTHY: cache");
    expect(cacheOnly.code, cacheOnly.stderr).toBe(0);

    const serveUrl = await scenario.step("berth serve on 127.0.0.1", () => serving);
    const metrics = await (await fetch(`${serveUrl}/metrics`)).text();
    const sample = (name: string, labels: string) => new RegExp(`^${name}\\{project="${STACK}",${labels}\\} (\\S+)$`, "m").exec(metrics)?.[1];
    expect([node1, node2, node3].map((node) => sample("berth_swarm_node_up", `node="${node}",role="[a-z]+",availability="active"`))).toEqual(["1", "0", "0"]);
    expect(["cache", "store"].map((service) => `${sample("berth_swarm_service_tasks_running", `service="${service}"`)}/${sample("berth_swarm_service_tasks_desired", `service="${service}"`)}`)).toEqual(["2/2", "0/1"]);
    expect(["cache", "store"].map((service) => sample("berth_swarm_service_up", `service="${service}"`))).toEqual(["1", "0"]);
    process.stdout.write(`[swarm e2e] node failure test: ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
  }, 240_000);
});
