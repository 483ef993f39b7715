import { execFile, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServe } from "./support/flagship-stack.js";
import { Scenario } from "./support/scenario.js";
import { startSwarmCluster, type SwarmCluster } from "./support/swarm-cluster.js";

// berth on a real three-node Swarm (scripts/harness/swarm-cluster.sh: Docker-in-Docker nodes on
// this engine). One cluster for the whole file (starting one costs ~50 s and its teardown ~30 s),
// torn down in afterAll, failed or not; its tests run in order, the destructive one last:
// 1. berth up and down: e2e/stacks/swarm-up/stack.yaml is nginx on node 1 → two replicas of a
//    Node app on nodes 1 and 2 → Redis on node 3, with a secret and two configs;
// 2. berth ps against a stack deployed with docker stack deploy (e2e/stacks/swarm-ps);
// 3. two workers stopped: ps, report and /metrics say what was lost, where it went, what runs nowhere.
const run = promisify(execFile);
const STACK_DIR = join(import.meta.dirname, "stacks", "swarm-ps");
const STACK = "berthe2e-swarm";
const UP_STACK_DIR = join(import.meta.dirname, "stacks", "swarm-up");
const UP_STACK = "berthe2e-swup";
const EDGE_PORT = "18090";

let cluster: SwarmCluster | undefined;
let status: Record<string, string> = {};
let scenario: Scenario;
let upScenario: Scenario;
const servers: ChildProcess[] = [];

/** A berth call that prints how long it took (the e2e's added time is measured from these lines). */
async function timed<T>(label: string, call: Promise<T>): Promise<T> {
  const started = Date.now();
  const result = await call;
  process.stdout.write(`[swarm e2e] ${label}: ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
  return result;
}

/** GET through nginx on node 1's host-mode port, published by the harness on 127.0.0.1; bounded. */
async function viaEdge(): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${cluster?.hostPort(1, EDGE_PORT) ?? ""}/`, { signal: AbortSignal.timeout(5000) });
  return `${response.status} ${await response.text()}`;
}

beforeAll(async () => {
  // Heartbeat 1s: a stopped node is marked down within seconds (Swarm's default 5s takes longer).
  cluster = await startSwarmCluster({ name: `berth-swarm-e2e-${process.pid}`, heartbeat: "1s", ports: [EDGE_PORT], images: ["node:20-bookworm-slim", "redis:7", "nginx:1.22"] });
  status = cluster.status;
  scenario = new Scenario({ project: STACK, cwd: STACK_DIR, env: cluster.env });
  upScenario = new Scenario({ project: UP_STACK, cwd: UP_STACK_DIR, env: cluster.env });
}, 300_000);

afterAll(async () => {
  for (const child of servers) child.kill("SIGTERM");
  await cluster?.stop();
}, 180_000);

describe("berth on a three-node Swarm", () => {
  it("deploys in health order onto the nodes asked for, diagnoses a crash loop by node, and removes the stack", async () => {
    expect(status["BERTH_SWARM_READY"]).toBe("3");
    const [node1, node2, node3] = [status["BERTH_SWARM_NODE_1"] ?? "", status["BERTH_SWARM_NODE_2"] ?? "", status["BERTH_SWARM_NODE_3"] ?? ""];

    const started = Date.now();
    const up = await upScenario.step("berth up", () => upScenario.berth(["up", "-f", "stack.yaml", "-p", UP_STACK, "--wait-timeout", "150"]));
    process.stdout.write(`[swarm e2e] berth up: ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
    expect(up.code, up.stdout + up.stderr).toBe(0);
    // Health order: each service is created only once what it depends on reported ready.
    const lines = up.stdout.split("\n");
    const index = (line: string) => lines.findIndex((candidate) => candidate.startsWith(line));
    expect(index("store: ready")).toBeGreaterThan(-1);
    expect(index("app: created")).toBeGreaterThan(index("store: ready"));
    expect(index("edge: created")).toBeGreaterThan(index("app: ready"));
    expect(up.stdout).toContain(`${UP_STACK}: 3 service(s) ready on the Swarm`);

    // The tasks run where the file placed them, as berth ps (through the manager) reports them; the
    // report and the history say the same nodes and the up's steps (run at once: tsx start-up dominates).
    const [ps, report, history] = await upScenario.step("berth ps, report, history", () =>
      Promise.all([timed("ps --json", upScenario.berth(["ps", "--json", "-p", UP_STACK])), timed("report --format json", upScenario.berth(["report", "--format", "json", "-f", "stack.yaml", "-p", UP_STACK])), timed("history", upScenario.berth(["history", "-p", UP_STACK]))]),
    );
    expect(ps.code, ps.stderr).toBe(0);
    expect(report.code, report.stderr).toBe(0);
    const reported = JSON.parse(report.stdout) as {
      verdict: { status: string; reasons: string[] };
      services: { service: string; state: string }[];
      swarm: { nodes: { name: string; state: string }[]; services: { service: string; running: number; desired: number; placements: { node: string; state: string }[] }[]; lines: string[]; stepsRun: string | null; steps: { service: string; operation: string; outcome: string }[] };
    };
    expect(reported.verdict.reasons).toEqual([]);
    expect(reported.verdict.status).not.toBe("fail");
    expect(reported.swarm.nodes.map((node) => `${node.name}=${node.state}`)).toEqual([`${node1}=ready`, `${node2}=ready`, `${node3}=ready`]);
    expect(reported.swarm.services.map((service) => `${service.service} ${service.running}/${service.desired} ${service.placements.map((task) => task.node).sort().join(",")}`)).toEqual([`app 2/2 ${node1},${node2}`, `edge 1/1 ${node1}`, `store 1/1 ${node3}`]);
    expect(reported.swarm.lines).toEqual([]);
    expect(reported.swarm.steps.map((step) => `${step.service}: ${step.operation} ${step.outcome}`).sort()).toEqual(["app: create service ok", "edge: create service ok", "store: create service ok"]);
    expect(history.code, history.stderr).toBe(0);
    expect(history.stdout).toMatch(new RegExp(`^stack ${UP_STACK} on the Swarm manager tcp://127\\.0\\.0\\.1:\\d+: runs berth made from this machine`));
    expect(history.stdout).toMatch(new RegExp(`^${reported.swarm.stepsRun ?? "no run"} .* ok +up \\(swarm\\)$`, "m"));
    expect(history.stdout).toContain(`    store: create service ok (running on ${node3})`);
    const parsed = JSON.parse(ps.stdout) as { tasks?: { service: string; node: string; desiredState: string; state: string }[] };
    const running = (parsed.tasks ?? []).filter((row) => row.desiredState === "running");
    const nodesOf = (service: string) => running.filter((row) => row.service === service).map((row) => row.node).sort();
    expect(running.every((row) => row.state === "running")).toBe(true);
    expect(nodesOf("app")).toEqual([node1, node2]);
    expect(nodesOf("store")).toEqual([node3]);
    expect(nodesOf("edge")).toEqual([node1]);

    // The app answers through nginx, from both replicas, with its counter in Redis (secret-authenticated).
    const answers: string[] = [];
    // nginx resolves the dnsrr name again every 2 s (its resolver's valid=2s), and 6 requests in a
    // row all went to one replica once (pristine rehearsal, 04:35 UTC). So after 6, one request
    // every 300 ms (at most 30 in all, ~7 s, across several answers) until both have answered.
    const replicas = () => new Set(answers.map((answer) => answer.split(" | ")[1])).size;
    for (let attempt = 0; attempt < 30 && (attempt < 6 || replicas() < 2); attempt += 1) {
      if (attempt >= 6) await new Promise((wait) => setTimeout(wait, 300));
      answers.push(await viaEdge());
    }
    expect(answers.every((answer) => /^200 hello from the swarm \| \w+ \| hits \d+/.test(answer)), answers.join("\n")).toBe(true);
    expect(replicas(), answers.join("\n")).toBe(2);

    // The same file again changes nothing.
    const again = await upScenario.step("berth up again", () => upScenario.berth(["up", "-f", "stack.yaml", "-p", UP_STACK]));
    expect(again.code, again.stdout).toBe(0);
    expect(again.stdout).toMatch(/app: unchanged, ready/);

    // A service whose command exits: up fails, names the node and quotes Swarm, and leaves what depends on it alone.
    const broken = await upScenario.step("berth up with a broken service", () => upScenario.berth(["up", "-f", "stack.yaml", "-f", "broken.yaml", "-p", UP_STACK, "--wait-timeout", "120"]));
    expect(broken.code, broken.stdout + broken.stderr).toBe(1);
    expect(broken.stdout).toMatch(new RegExp(`broken: created, NOT READY \\[crash-loop\\] .*node ${node2}: "task: non-zero exit \\(3\\)"`));
    expect(broken.stdout).toContain("cannot start: CONFIG_URL is not set");
    expect(broken.stdout).toContain("after-broken: not applied (depends on broken, which failed)");
    expect(broken.stdout).toMatch(/FAILED: 3 of 5 service\(s\) ready; applied but not ready: broken; not applied: after-broken/);
    // berth logs through the manager: the crash-looping service's output from node 2, the store's from node 3.
    const logs = await upScenario.step("berth logs broken store", () => upScenario.berth(["logs", "-p", UP_STACK, "broken", "store"]));
    expect(logs.code, logs.stderr).toBe(0);
    expect(logs.stdout).toMatch(new RegExp(`^broken\\.1@${node2} +\\| cannot start: CONFIG_URL is not set$`, "m"));
    expect(logs.stdout).toMatch(new RegExp(`^store\\.1@${node3} +\\| .*Ready to accept connections`, "m"));
    const services = await upScenario.command("docker", ["service", "ls", "--filter", `label=com.docker.stack.namespace=${UP_STACK}`, "--format", "{{.Name}}"]);
    expect(services.stdout.trim().split("\n").sort()).toEqual([`${UP_STACK}_app`, `${UP_STACK}_broken`, `${UP_STACK}_edge`, `${UP_STACK}_store`]);

    // down removes everything of the stack the manager can reach, and says where the volume is.
    const down = await upScenario.step("berth down -v", () => upScenario.berth(["down", "-v", "-p", UP_STACK]));
    expect(down.code, down.stdout + down.stderr).toBe(0);
    expect(down.stdout).toMatch(new RegExp(`removed 4 service\\(s\\), 1 network\\(s\\), 1 secret\\(s\\), 2 config\\(s\\)`));
    expect(down.stdout).toContain(`volume ${UP_STACK}_storedata is on ${node3}`);
    for (const kind of ["service", "network", "secret", "config"]) {
      const left = await upScenario.command("docker", [kind, "ls", "--filter", `label=com.docker.stack.namespace=${UP_STACK}`, "-q"]);
      expect(left.stdout.trim(), `${kind}s left`).toBe("");
    }
  }, 420_000);

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

  it("after two workers stop, ps, report and /metrics say what was lost, where it was rescheduled and what runs nowhere", async () => {
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
    // And the report, at the same time (its JSON form is checked after berth up, above, and in unit tests).
    const [json, table, cacheOnly, reportMd] = await scenario.step("berth ps and report after the failure", () =>
      Promise.all([
        timed("ps --json after the failure", scenario.berth(["ps", "--json", "-p", STACK])),
        scenario.berth(["ps", "--check", "-p", STACK]),
        scenario.berth(["ps", "--check", "-p", STACK, "cache"]),
        timed("report after the failure", scenario.berth(["report", "-f", "stack.yaml", "-p", STACK])),
      ]),
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

    // The report: which services lost tasks on which node, where Swarm put them, why store runs
    // nowhere; the verdict fails (store is short), and no line claims the stack healthy.
    expect(reportMd.code, reportMd.stderr).toBe(0);
    expect(reportMd.stdout).toContain("## Verdict: FAIL");
    expect(reportMd.stdout).toContain("- service store is not ready (0/1 tasks running)");
    expect(reportMd.stdout).toMatch(new RegExp(`^- service cache lost ${(cacheOnNode2 ?? "").replace(".", "\\.")} with node ${node2} \\(down\\); Swarm runs it again on ${node1}$`, "m"));
    expect(reportMd.stdout).toContain(`| ${node2} | worker | active | down | heartbeat failure |`);
    expect(reportMd.stdout).toContain(`- lost: ${cacheOnNode2} on ${node2} (node down); rescheduled as ${cacheOnNode2} on ${node1}, running`);
    expect(reportMd.stdout).toContain(`- lost: ${STACK}_store.1 on ${node3} (node down); not rescheduled: its replacement ${STACK}_store.1 is pending: no suitable node (`);
    expect(reportMd.stdout).toContain("- NOT HEALTHY: store 0/1 tasks running");
    expect(reportMd.stdout).toContain("No berth up recorded for this stack.");
    expect(reportMd.stdout).not.toContain("Every service runs all its desired tasks");
    expect(reportMd.stdout).toMatch(/^\| cache \| replicated \| 2\/2 \|/m);
    expect(reportMd.stdout).toMatch(/^\| store \| replicated \| 0\/1 \|/m);
    expect(reportMd.stdout).toMatch(/^\| store \| redis:7 \| - \| 0\/1 tasks running \|/m);

    const serveUrl = await scenario.step("berth serve on 127.0.0.1", () => serving);
    const metrics = await (await fetch(`${serveUrl}/metrics`)).text();
    const sample = (name: string, labels: string) => new RegExp(`^${name}\\{project="${STACK}",${labels}\\} (\\S+)$`, "m").exec(metrics)?.[1];
    expect([node1, node2, node3].map((node) => sample("berth_swarm_node_up", `node="${node}",role="[a-z]+",availability="active"`))).toEqual(["1", "0", "0"]);
    expect(["cache", "store"].map((service) => `${sample("berth_swarm_service_tasks_running", `service="${service}"`)}/${sample("berth_swarm_service_tasks_desired", `service="${service}"`)}`)).toEqual(["2/2", "0/1"]);
    expect(["cache", "store"].map((service) => sample("berth_swarm_service_up", `service="${service}"`))).toEqual(["1", "0"]);
    process.stdout.write(`[swarm e2e] node failure test: ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
  }, 240_000);
});
