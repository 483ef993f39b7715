import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Scenario } from "./support/scenario.js";

// A real three-node Swarm (scripts/harness/swarm-cluster.sh: Docker-in-Docker nodes on this
// engine), a stack deployed with docker stack deploy, and berth ps read through the manager.
// The cluster is this file's own (berth-swarm-e2e-*) and is torn down in afterAll, failed or not.
const run = promisify(execFile);
const ROOT = join(import.meta.dirname, "..");
const CLUSTER = join(ROOT, "scripts", "harness", "swarm-cluster.sh");
const STACK_DIR = join(import.meta.dirname, "stacks", "swarm-ps");
const STACK = "berthe2e-swarm";
const clusterEnv = { ...process.env, BERTH_SWARM_NAME: `berth-swarm-e2e-${process.pid}`, BERTH_SWARM_NODES: "3" };

let status: Record<string, string> = {};
let scenario: Scenario;

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
  await cluster("down").catch((error: unknown) => process.stderr.write(`swarm-cluster.sh down failed: ${String(error)}\n`));
}, 120_000);

describe("berth on a three-node Swarm", () => {
  it("lists the stack's tasks with their nodes exactly as docker stack ps does", async () => {
    expect(status["BERTH_SWARM_READY"]).toBe("3");
    const deployed = await scenario.step("docker stack deploy", () => scenario.command("timeout", ["120", "docker", "stack", "deploy", "--detach=false", "--resolve-image", "never", "-c", "stack.yaml", STACK]));
    expect(deployed.code, deployed.stderr).toBe(0);

    const ps = await scenario.step("berth ps --json", () => scenario.berth(["ps", "--json", "-p", STACK]));
    expect(ps.code, ps.stderr).toBe(0);
    const rows = JSON.parse(ps.stdout) as { name: string; service: string; node: string; desiredState: string; state: string }[];
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
});
