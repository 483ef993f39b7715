import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { docker, Scenario } from "./support/scenario.js";
import { startSwarmCluster, type SwarmCluster } from "./support/swarm-cluster.js";

// `berth up --verify` and `berth verify` on a Swarm manager, on a three-node cluster of its own:
// the flagship stack (e2e/stacks/swarm-flagship/stack.yaml: backend at 2 replicas over nodes 1
// and 2, Postgres and Redis pinned to node 3, nginx on node 1 with a host-mode port) with the
// probes of verify.yaml: the SPA, the API and the Socket.IO websocket through nginx on the node
// that publishes the port, Postgres with the app's credentials, Redis with its password, and the
// persistence of both datastores across a forced restart of their task on node 3. Then, on the same
// deploy, a probe with a wrong password must fail the verify (exit 1, the cause named), and
// `berth down -v` removes everything. One deploy, no node stopped.
const ROOT = join(import.meta.dirname, "..");
const STACK_DIR = join(import.meta.dirname, "stacks", "swarm-flagship");
const STACK = "berthe2e-swverify";
const EDGE_PORT = "18080";
const TAG = "swverify";
const IMAGES = [`berth-fullstack-backend:${TAG}`, `berth-fullstack-frontend:${TAG}`];
const FILES = ["-f", "stack.yaml", "-f", "verify.yaml"];

let cluster: SwarmCluster | undefined;
let scenario: Scenario;
const passwords = { POSTGRES_PASSWORD: randomBytes(16).toString("hex"), REDIS_PASSWORD: randomBytes(16).toString("hex") };

interface ProbeJson {
  probe: string;
  ok: boolean;
  summary: string;
  target: string;
  facts: Record<string, string | number | boolean>;
}

beforeAll(async () => {
  const started = Date.now();
  for (const [image, dir] of [[IMAGES[0], "backend"], [IMAGES[1], "frontend"]] as const) {
    await docker(["build", "-q", "-t", image, join(ROOT, "examples", "fullstack", dir)]);
  }
  process.stdout.write(`[swarm-verify e2e] images built in ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
  // node:20-bookworm-slim is the probe observer's image; it shares its layers with the backend's.
  cluster = await startSwarmCluster({ name: `berth-swarm-verify-${process.pid}`, ports: [EDGE_PORT], images: [...IMAGES, "postgres:15", "redis:7", "node:20-bookworm-slim"] });
  scenario = new Scenario({ project: STACK, cwd: STACK_DIR, env: { ...cluster.env, ...passwords, APP_VERSION: TAG } });
}, 600_000);

afterAll(async () => {
  await cluster?.stop();
  await docker(["rmi", ...IMAGES]).catch(() => undefined);
}, 240_000);

describe("berth verify on a three-node Swarm", () => {
  it("up --verify proves nginx, the websocket, the DB from the app and persistence on node 3; a wrong password fails it; down -v", async () => {
    const node1 = cluster?.node(1) ?? "";
    const node3 = cluster?.node(3) ?? "";
    const up = await scenario.step("berth up --verify", () => scenario.berth(["up", ...FILES, "-p", STACK, "--verify", "--json", "--wait-timeout", "200"]));
    process.stdout.write(`[swarm-verify e2e] berth up --verify: exit ${up.code} in ${up.seconds.toFixed(1)}s\n`);
    expect(up.code, up.stdout + up.stderr).toBe(0);
    const result = JSON.parse(up.stdout) as { ok: boolean; verify: { ok: boolean; verdict: { status: string }; probes: ProbeJson[] } };
    expect(result.ok).toBe(true);
    expect(result.verify.verdict.status).not.toBe("fail");
    const probe = (name: string) => result.verify.probes.find((candidate) => candidate.probe === name);
    expect(result.verify.probes.map((p) => `${p.probe}:${String(p.ok)}`).sort()).toEqual(["api-through-nginx:true", "db-from-app:true", "postgres-persistence:true", "redis-from-app:true", "redis-persistence:true", "spa:true", "websocket-through-nginx:true"]);
    // Through nginx's host-mode port, on the node that publishes it.
    expect(probe("websocket-through-nginx")?.summary).toMatch(/upgraded \(101\) and a message round-tripped/);
    expect(probe("websocket-through-nginx")?.facts["node"]).toBe(node1);
    // The DB with the app's credentials, from a container on the stack's overlay network.
    expect(probe("db-from-app")?.target).toContain(`from a container on ${STACK}_data`);
    // Persistence: a new task on node 3, the marker still there.
    for (const name of ["postgres-persistence", "redis-persistence"]) {
      const evidence = probe(name);
      expect(evidence?.summary).toMatch(/marker survived a forced restart of the task/);
      expect(evidence?.facts).toMatchObject({ node: node3, nodeBefore: node3, storage: "named-volume" });
      expect(evidence?.facts["taskBefore"]).not.toBe(evidence?.facts["taskAfter"]);
    }
    // Nothing printed a password.
    expect(up.stdout + up.stderr).not.toContain(passwords.POSTGRES_PASSWORD);
    expect(up.stdout + up.stderr).not.toContain(passwords.REDIS_PASSWORD);

    // The same deploy, a probe with a wrong password: the verify fails and says why.
    const wrong = await scenario.step("berth verify (wrong password)", () => scenario.berth(["verify", "-f", "stack.yaml", "-f", "verify-wrong.yaml", "-p", STACK]));
    expect(wrong.code, wrong.stdout + wrong.stderr).toBe(1);
    expect(wrong.stdout).toMatch(/FAIL db-wrong-password: .*password authentication failed for user "notes"/);
    expect(wrong.stdout).toContain("verdict FAIL");

    const down = await scenario.step("berth down -v", () => scenario.berth(["down", "-v", ...FILES, "-p", STACK]));
    expect(down.code, down.stdout + down.stderr).toBe(0);
  }, 480_000);
});
