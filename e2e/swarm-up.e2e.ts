import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Scenario } from "./support/scenario.js";

// berth up and down against a real three-node Swarm (scripts/harness/swarm-cluster.sh, nodes are
// Docker-in-Docker containers of this engine): e2e/stacks/swarm-up/stack.yaml is nginx on node 1
// → two replicas of a Node app on nodes 1 and 2 → Redis on node 3, with a secret and two configs.
// The cluster is this file's own (berth-swarm-up-<pid>) and is torn down in afterAll, failed or not.
const run = promisify(execFile);
const ROOT = join(import.meta.dirname, "..");
const CLUSTER = join(ROOT, "scripts", "harness", "swarm-cluster.sh");
const STACK_DIR = join(import.meta.dirname, "stacks", "swarm-up");
const STACK = "berthe2e-swup";
const EDGE_PORT = "18090";
const clusterEnv = { ...process.env, BERTH_SWARM_NAME: `berth-swarm-up-${process.pid}`, BERTH_SWARM_NODES: "3", BERTH_SWARM_PORTS: EDGE_PORT };

let status: Record<string, string> = {};
let scenario: Scenario;

async function cluster(command: string, ...args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run("bash", [CLUSTER, command, ...args], { env: clusterEnv, timeout: 240_000, maxBuffer: 4 * 1024 * 1024 });
}

function parseStatus(text: string): Record<string, string> {
  return Object.fromEntries(text.split("\n").flatMap((line) => {
    const match = /^(BERTH_SWARM_[A-Z0-9_]+)=(.*)$/.exec(line);
    return match ? [[match[1] as string, match[2] as string]] : [];
  }));
}

/** GET through nginx on node 1's host-mode port, published by the harness on 127.0.0.1; bounded. */
async function viaEdge(): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${status[`BERTH_SWARM_PORT_1_${EDGE_PORT}`] ?? ""}/`, { signal: AbortSignal.timeout(5000) });
  return `${response.status} ${await response.text()}`;
}

beforeAll(async () => {
  const started = Date.now();
  const up = await cluster("up", "node:20-bookworm-slim", "redis:7", "nginx:1.22");
  status = parseStatus(up.stdout);
  process.stdout.write(`${up.stderr}[swarm-up e2e] cluster and image delivery: ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
  scenario = new Scenario({ project: STACK, cwd: STACK_DIR, env: { DOCKER_HOST: status["BERTH_SWARM_MANAGER"] ?? "" } });
}, 300_000);

afterAll(async () => {
  await cluster("down").catch((error: unknown) => process.stderr.write(`swarm-cluster.sh down failed: ${String(error)}\n`));
}, 180_000);

describe("berth up and down on a three-node Swarm", () => {
  it("deploys in health order onto the nodes asked for, diagnoses a crash loop by node, and removes the stack", async () => {
    expect(status["BERTH_SWARM_READY"]).toBe("3");
    const [node1, node2, node3] = [status["BERTH_SWARM_NODE_1"] ?? "", status["BERTH_SWARM_NODE_2"] ?? "", status["BERTH_SWARM_NODE_3"] ?? ""];

    const started = Date.now();
    const up = await scenario.step("berth up", () => scenario.berth(["up", "-f", "stack.yaml", "-p", STACK, "--wait-timeout", "150"]));
    process.stdout.write(`[swarm-up e2e] berth up: ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
    expect(up.code, up.stdout + up.stderr).toBe(0);
    // Health order: each service is created only once what it depends on reported ready.
    const lines = up.stdout.split("\n");
    const index = (line: string) => lines.findIndex((candidate) => candidate.startsWith(line));
    expect(index("store: ready")).toBeGreaterThan(-1);
    expect(index("app: created")).toBeGreaterThan(index("store: ready"));
    expect(index("edge: created")).toBeGreaterThan(index("app: ready"));
    expect(up.stdout).toContain(`${STACK}: 3 service(s) ready on the Swarm`);

    // The tasks run where the file placed them, as berth ps (through the manager) reports them.
    const ps = await scenario.berth(["ps", "--json", "-p", STACK]);
    expect(ps.code, ps.stderr).toBe(0);
    const parsed = JSON.parse(ps.stdout) as { tasks?: { service: string; node: string; desiredState: string; state: string }[] };
    const running = (parsed.tasks ?? []).filter((row) => row.desiredState === "running");
    const nodesOf = (service: string) => running.filter((row) => row.service === service).map((row) => row.node).sort();
    expect(running.every((row) => row.state === "running")).toBe(true);
    expect(nodesOf("app")).toEqual([node1, node2]);
    expect(nodesOf("store")).toEqual([node3]);
    expect(nodesOf("edge")).toEqual([node1]);

    // The app answers through nginx, from both replicas, with its counter in Redis (secret-authenticated).
    const answers: string[] = [];
    for (let attempt = 0; attempt < 6; attempt += 1) answers.push(await viaEdge());
    expect(answers.every((answer) => /^200 hello from the swarm \| \w+ \| hits \d+/.test(answer)), answers.join("\n")).toBe(true);
    expect(new Set(answers.map((answer) => answer.split(" | ")[1])).size).toBe(2);

    // The same file again changes nothing.
    const again = await scenario.step("berth up again", () => scenario.berth(["up", "-f", "stack.yaml", "-p", STACK]));
    expect(again.code, again.stdout).toBe(0);
    expect(again.stdout).toMatch(/app: unchanged, ready/);

    // A service whose command exits: up fails, names the node and quotes Swarm, and leaves what depends on it alone.
    const broken = await scenario.step("berth up with a broken service", () => scenario.berth(["up", "-f", "stack.yaml", "-f", "broken.yaml", "-p", STACK, "--wait-timeout", "120"]));
    expect(broken.code, broken.stdout + broken.stderr).toBe(1);
    expect(broken.stdout).toMatch(new RegExp(`broken: created, NOT READY \\[crash-loop\\] .*node ${node2}: "task: non-zero exit \\(3\\)"`));
    expect(broken.stdout).toContain("cannot start: CONFIG_URL is not set");
    expect(broken.stdout).toContain("after-broken: not applied (depends on broken, which failed)");
    expect(broken.stdout).toMatch(/FAILED: 3 of 5 service\(s\) ready; applied but not ready: broken; not applied: after-broken/);
    const services = await scenario.command("docker", ["service", "ls", "--filter", `label=com.docker.stack.namespace=${STACK}`, "--format", "{{.Name}}"]);
    expect(services.stdout.trim().split("\n").sort()).toEqual([`${STACK}_app`, `${STACK}_broken`, `${STACK}_edge`, `${STACK}_store`]);

    // down removes everything of the stack the manager can reach, and says where the volume is.
    const down = await scenario.step("berth down -v", () => scenario.berth(["down", "-v", "-p", STACK]));
    expect(down.code, down.stdout + down.stderr).toBe(0);
    expect(down.stdout).toMatch(new RegExp(`removed 4 service\\(s\\), 1 network\\(s\\), 1 secret\\(s\\), 2 config\\(s\\)`));
    expect(down.stdout).toContain(`volume ${STACK}_storedata is on ${node3}`);
    for (const kind of ["service", "network", "secret", "config"]) {
      const left = await scenario.command("docker", [kind, "ls", "--filter", `label=com.docker.stack.namespace=${STACK}`, "-q"]);
      expect(left.stdout.trim(), `${kind}s left`).toBe("");
    }
  }, 420_000);
});
