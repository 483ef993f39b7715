import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runLoad, type LoadReport } from "./stacks/rollout/load-client.js";
import { docker, Scenario, type CommandResult } from "./support/scenario.js";
import { startSwarmCluster, type SwarmCluster } from "./support/swarm-cluster.js";

// Rolling updates and rollback of the Swarm flagship (e2e/stacks/swarm-flagship/stack.yaml: the
// backend at 2 replicas over nodes 1 and 2, Postgres and Redis pinned to node 3, nginx on node 1
// resolving the dnsrr name `backend` at request time) on a three-node cluster of its own:
// deploy release v1; update the backend to v2 under 50 req/s through nginx (exit 0, 0 failed,
// v1 then v2, no gap over 500 ms); a broken release v3 whose tasks exit at start (exit 1,
// rolled back, v2 still serving, 0 failed); `berth down -v`.
const ROOT = join(import.meta.dirname, "..");
const STACK_DIR = join(import.meta.dirname, "stacks", "swarm-roll");
const STACK = "berthe2e-swroll";
const EDGE_PORT = "18080";
const TAG = "swroll";
const IMAGES = [`berth-fullstack-backend:${TAG}`, `berth-fullstack-frontend:${TAG}`];
const FILES = ["-f", join(import.meta.dirname, "stacks", "swarm-flagship", "stack.yaml"), "-f", "release.yaml"];
const RATE = 50;

let cluster: SwarmCluster | undefined;
let scenario: Scenario;
const passwords = { POSTGRES_PASSWORD: randomBytes(16).toString("hex"), REDIS_PASSWORD: randomBytes(16).toString("hex") };

const edge = () => `http://127.0.0.1:${cluster?.hostPort(1, EDGE_PORT) ?? ""}/api/version`;

/** `berth up` of a release with a bounded 50 req/s load through nginx from when berth announces the backend's rollout until 3 s after it exits. */
async function upUnderLoad(release: string, extraFiles: readonly string[] = []): Promise<{ result: CommandResult; load: LoadReport }> {
  const { child, done } = scenario.startBerth(["up", ...FILES, ...extraFiles, "-p", STACK, "--wait-timeout", "200"]);
  const announced = new Promise<void>((resolve) => child.stdout?.on("data", (chunk: Buffer) => chunk.toString().includes("backend: updated, rolling") && resolve()));
  await Promise.race([announced, done]);
  const stop = new AbortController();
  const load = runLoad(edge(), RATE, 100, 5000, stop.signal);
  const result = await done;
  await new Promise((resolve) => setTimeout(resolve, 3000));
  stop.abort();
  const report = await load;
  scenario.note(`load during release ${release}: ${JSON.stringify(report)}`);
  process.stdout.write(`[swarm-roll e2e] release ${release}: berth up exit ${result.code} in ${result.seconds.toFixed(1)}s; load sent ${report.sent}, failed ${report.failed}, longest gap ${report.longestGapMs} ms (gaps over 100 ms: ${report.gapsOver100Ms.slice(0, 8).join(", ") || "none"}; at ${report.longestGapAtMs} ms into the load), latency p50/p99/max ${report.latencyMs.p50}/${report.latencyMs.p99}/${report.latencyMs.max} ms, versions ${report.versions.join(">")}\n`);
  return { result, load: report };
}

async function versionsNow(count: number): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < count; i++) seen.push(((await (await fetch(edge(), { signal: AbortSignal.timeout(5000) })).json()) as { version: string }).version);
  return seen;
}

beforeAll(async () => {
  // The flagship's images under a tag of this file's own (classic builder: no buildx here), then the cluster with them.
  for (const [image, dir] of [[IMAGES[0], "backend"], [IMAGES[1], "frontend"]] as const) {
    await docker(["build", "-q", "-t", image, join(ROOT, "examples", "fullstack", dir)]);
  }
  cluster = await startSwarmCluster({ name: `berth-swarm-roll-${process.pid}`, ports: [EDGE_PORT], images: [...IMAGES, "postgres:15", "redis:7"] });
}, 600_000);

afterAll(async () => {
  await cluster?.stop();
  await docker(["rmi", ...IMAGES]).catch(() => undefined);
}, 240_000);

describe("rolling updates and rollback on a three-node Swarm", () => {
  it("updates the backend under 50 req/s with 0 failures, rolls a broken release back, and removes the stack", async () => {
    const env = { ...cluster?.env, ...passwords, APP_VERSION: TAG };
    const release = (version: string) => new Scenario({ project: STACK, cwd: STACK_DIR, env: { ...env, BACKEND_RELEASE: version } });
    scenario = release("v1");
    const first = await scenario.step("berth up v1", () => scenario.berth(["up", ...FILES, "-p", STACK, "--wait-timeout", "240"]));
    process.stdout.write(`[swarm-roll e2e] berth up (fresh flagship): ${first.seconds.toFixed(1)}s\n`);
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(await versionsNow(4)).toEqual(["v1", "v1", "v1", "v1"]);

    // v2: only the backend changes; Swarm rolls it start-first, berth watches each new task.
    scenario = release("v2");
    const plan = await scenario.berth(["up", ...FILES, "-p", STACK, "--dry-run"]);
    expect(plan.stdout).toContain(`would update service ${STACK}_backend`);
    expect(plan.stdout).toContain(`would unchanged service ${STACK}_frontend`);
    const update = await upUnderLoad("v2");
    expect(update.result.code, update.result.stdout + update.result.stderr).toBe(0);
    const out = update.result.stdout;
    expect(out).toContain("backend: updated, rolling start-first, 1 at a time, monitor 20s, on failure rollback");
    // One line per new task, with its node, each seen healthy; and the old ones stopped after.
    const node = `(${[1, 2].map((n) => cluster?.node(n) ?? "").join("|")})`;
    const taskLines = out.split("\n").filter((line) => new RegExp(`^backend: task ${STACK}_backend\\.[12] on ${node}: running, healthy$`).test(line));
    expect(new Set(taskLines).size, out).toBe(2);
    expect(out).toMatch(new RegExp(`backend: task ${STACK}_backend\\.[12] on ${node}: previous version stopped`));
    expect(out).toMatch(/postgres: unchanged|frontend: unchanged/);
    expect(update.load.failed, update.load.failures.join("\n")).toBe(0);
    expect(update.load.versions).toEqual(["v1", "v2"]);
    // Soft: on a machine too loaded for it the rest of the scenario still runs and reports.
    expect.soft(update.load.longestGapMs, "longest gap between two answers during the update").toBeLessThanOrEqual(500);
    expect(await versionsNow(4)).toEqual(["v2", "v2", "v2", "v2"]);

    // v3 exits at start: Swarm's failure_action rolls it back; berth exits 1 and says so, v2 serves throughout.
    scenario = release("v3");
    const broken = await upUnderLoad("v3", ["-f", "broken.yaml"]);
    expect(broken.result.code, broken.result.stdout + broken.result.stderr).toBe(1);
    const said = broken.result.stdout;
    expect(said).toMatch(/backend: updated, NOT READY \[(rolled-back|crash-loop|exit-nonzero)\]/);
    expect(said).toMatch(new RegExp(`NOT READY .*on node (${[1, 2].map((n) => cluster?.node(n) ?? "").join("|")})`));
    expect(said).toContain("non-zero exit (3)");
    expect(said).toMatch(/rolled back: backend: (Swarm|berth) rolled it back .* to its previous spec \(image berth-fullstack-backend:swroll\); the previous version serves/);
    expect(broken.load.failed, broken.load.failures.join("\n")).toBe(0);
    expect(broken.load.versions).toEqual(["v2"]);
    expect(await versionsNow(4)).toEqual(["v2", "v2", "v2", "v2"]);

    // berth rollback on the manager after Swarm rolled v3 back (which clears the previous spec): backend is left alone.
    const rollback = await scenario.berth(["rollback", ...FILES, "-p", STACK, "--wait-timeout", "120"]);
    expect(rollback.code, rollback.stdout + rollback.stderr).toBe(0);
    expect(rollback.stdout).toContain("backend: left as it is: its last update was already rolled back");
    expect(rollback.stdout).toContain(`${STACK}: nothing to roll back on the Swarm`);
    expect(await versionsNow(2)).toEqual(["v2", "v2"]);

    // BERTH_SWARM_ROLL_COMPARE=1 (docs/swarm.md's timings, not part of the suite): the same kind of
    // change made by `docker service update` on the same cluster, under the same load.
    if (process.env["BERTH_SWARM_ROLL_COMPARE"] === "1") {
      const stop = new AbortController();
      const load = runLoad(edge(), RATE, 100, 5000, stop.signal);
      const cli = await scenario.command("docker", ["service", "update", "--detach=false", "--env-add", "APP_VERSION=v4", `${STACK}_backend`]);
      await new Promise((resolve) => setTimeout(resolve, 3000));
      stop.abort();
      const report = await load;
      process.stdout.write(`[swarm-roll e2e] docker service update --env-add (same change, same cluster): exit ${cli.code} in ${cli.seconds.toFixed(1)}s; load sent ${report.sent}, failed ${report.failed}, longest gap ${report.longestGapMs} ms, versions ${report.versions.join(">")}\n`);
    }

    const down = await scenario.berth(["down", "-v", ...FILES, "-p", STACK]);
    expect(down.code, down.stdout + down.stderr).toBe(0);
  }, 900_000);
});
