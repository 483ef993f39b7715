import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runLoad, type LoadReport } from "./stacks/rollout/load-client.js";
import { docker, Scenario, type CommandResult } from "./support/scenario.js";
import { startSwarmCluster, type SwarmCluster } from "./support/swarm-cluster.js";

// The flagship on a three-node Swarm, one cluster and one deploy for the whole file (issue 19's
// scenario): e2e/stacks/swarm-flagship/stack.yaml has the backend at 2 replicas over nodes 1 and 2,
// Postgres and Redis pinned to node 3 with their volumes, nginx on node 1 with a host-mode port.
// On it, in order (each test needs the state the one before left):
// 1. `berth up --verify` (verify.yaml: the SPA, the API and the Socket.IO websocket through nginx,
//    Postgres and Redis with the app's credentials, persistence of both across a forced restart of
//    their task on node 3); a probe with a wrong password fails `berth verify`;
// 2. the backend to a new release under 50 req/s through nginx (0 failed, both versions in order),
//    then a release whose tasks exit at start (exit 1, rolled back, 0 failed), `berth rollback`;
// 3. `berth backup` with drills on node 3, the data changed, `berth restore` of Postgres;
// 4. node 3 (Postgres and Redis) stopped: `ps --check` and `report` fail and say what was lost
//    and why nothing replaces it; `berth down -v`.
// e2e/swarm.e2e.ts covers node failure where Swarm can reschedule (and /metrics), on its own cluster.
const ROOT = join(import.meta.dirname, "..");
const STACK_DIR = join(import.meta.dirname, "stacks", "swarm-flagship");
const ROLL_DIR = join(import.meta.dirname, "stacks", "swarm-roll");
const STACK = "berthe2e-swflag";
const EDGE_PORT = "18080";
const TAG = "swflag";
const IMAGES = [`berth-fullstack-backend:${TAG}`, `berth-fullstack-frontend:${TAG}`] as const;
// release.yaml: the backend's release as APP_VERSION (a new release changes the backend alone) and berth's order.
const FILES = ["-f", "stack.yaml", "-f", "verify.yaml", "-f", join(ROLL_DIR, "release.yaml")];
const RATE = 50;
const run = promisify(execFile);

let cluster: SwarmCluster | undefined;
const passwords = { POSTGRES_PASSWORD: randomBytes(16).toString("hex"), REDIS_PASSWORD: randomBytes(16).toString("hex") };
const timings: string[] = [];

/** The stack as berth sees it with the backend at `release` (v1, v2, ...). */
function release(version: string): Scenario {
  return new Scenario({ project: STACK, cwd: STACK_DIR, env: { ...cluster?.env, ...passwords, APP_VERSION: TAG, BACKEND_RELEASE: version } });
}

async function timed<T extends { code: number | null }>(scenario: Scenario, name: string, action: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const result = await scenario.step(name, action);
  timings.push(`${name}: ${((Date.now() - started) / 1000).toFixed(1)}s`);
  return result;
}

const edge = () => `http://127.0.0.1:${cluster?.hostPort(1, EDGE_PORT) ?? ""}/api/version`;

async function versionsNow(count: number): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < count; i++) seen.push(((await (await fetch(edge(), { signal: AbortSignal.timeout(5000) })).json()) as { version: string }).version);
  return seen;
}

/** `berth up` of a release under a bounded 50 req/s load through nginx, from when berth announces the backend's rollout until 3 s after it exits. */
async function upUnderLoad(scenario: Scenario, version: string, extraFiles: readonly string[] = []): Promise<{ result: CommandResult; load: LoadReport }> {
  const { child, done } = scenario.startBerth(["up", ...FILES, ...extraFiles, "-p", STACK, "--wait-timeout", "200"]);
  const announced = new Promise<void>((resolve) => child.stdout?.on("data", (chunk: Buffer) => chunk.toString().includes("backend: updated, rolling") && resolve()));
  await Promise.race([announced, done]);
  const stop = new AbortController();
  const load = runLoad(edge(), RATE, 100, 5000, stop.signal);
  const result = await done;
  await new Promise((resolve) => setTimeout(resolve, 3000));
  stop.abort();
  const report = await load;
  scenario.note(`load during release ${version}: ${JSON.stringify(report)}`);
  timings.push(`berth up ${version} under load: ${result.seconds.toFixed(1)}s`);
  process.stdout.write(`[swarm-flagship e2e] release ${version}: berth up exit ${result.code} in ${result.seconds.toFixed(1)}s; load sent ${report.sent}, failed ${report.failed}, longest gap ${report.longestGapMs} ms, latency p50/p99/max ${report.latencyMs.p50}/${report.latencyMs.p99}/${report.latencyMs.max} ms, versions ${report.versions.join(">")}\n`);
  return { result, load: report };
}

/** A command in the service's task on node 3, through that node's own engine (never through berth). */
async function inTask(scenario: Scenario, service: string, command: readonly string[]): Promise<string> {
  const engine = cluster?.status["BERTH_SWARM_ENGINE_3"] ?? "";
  const found = await scenario.command("docker", ["-H", engine, "ps", "-q", "--filter", `label=com.docker.swarm.service.name=${STACK}_${service}`]);
  const container = found.stdout.trim().split("\n")[0] ?? "";
  const result = await scenario.command("docker", ["-H", engine, "exec", "-e", `REDISCLI_AUTH=${passwords.REDIS_PASSWORD}`, container, ...command]);
  expect(result.code, result.stderr).toBe(0);
  return result.stdout.trim();
}
const sql = (scenario: Scenario, statement: string) => inTask(scenario, "postgres", ["psql", "-X", "-q", "-t", "-A", "-U", "notes", "-d", "notes", "-c", statement]);

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
  process.stdout.write(`[swarm-flagship e2e] images built in ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
  // node:20-bookworm-slim is the verify observer's image; it shares its layers with the backend's.
  cluster = await startSwarmCluster({ name: `berth-swarm-flagship-${process.pid}`, ports: [EDGE_PORT], images: [...IMAGES, "postgres:15", "redis:7", "node:20-bookworm-slim"] });
}, 600_000);

afterAll(async () => {
  process.stdout.write(`[swarm-flagship e2e] ${timings.join(", ")}\n`);
  await cluster?.stop();
  await docker(["rmi", ...IMAGES]).catch(() => undefined);
}, 240_000);

describe("the flagship on a three-node Swarm", () => {
  it("up --verify proves nginx, the websocket, the DB from the app and persistence on node 3; a wrong password fails verify", async () => {
    expect(cluster?.status["BERTH_SWARM_READY"]).toBe("3");
    const scenario = release("v1");
    const node1 = cluster?.node(1) ?? "";
    const node3 = cluster?.node(3) ?? "";
    const up = await timed(scenario, "berth up --verify", () => scenario.berth(["up", ...FILES, "-p", STACK, "--verify", "--json", "--wait-timeout", "240"]));
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
    expect(up.stdout + up.stderr).not.toContain(passwords.POSTGRES_PASSWORD);
    expect(up.stdout + up.stderr).not.toContain(passwords.REDIS_PASSWORD);
    expect(await versionsNow(4)).toEqual(["v1", "v1", "v1", "v1"]);

    // The same deploy, a probe with a wrong password: the verify fails and says why.
    const wrong = await timed(scenario, "berth verify (wrong password)", () => scenario.berth(["verify", "-f", "stack.yaml", "-f", "verify-wrong.yaml", "-p", STACK]));
    expect(wrong.code, wrong.stdout + wrong.stderr).toBe(1);
    expect(wrong.stdout).toMatch(/FAIL db-wrong-password: .*password authentication failed for user "notes"/);
    expect(wrong.stdout).toContain("verdict FAIL");
  }, 480_000);

  it("updates the backend under 50 req/s with 0 failures, rolls a broken release back, and leaves it to berth rollback", async () => {
    // v2: only the backend changes; Swarm rolls it start-first, berth watches each new task.
    let scenario = release("v2");
    const plan = await scenario.berth(["up", ...FILES, "-p", STACK, "--dry-run"]);
    expect(plan.stdout).toContain(`would update service ${STACK}_backend`);
    expect(plan.stdout).toContain(`would unchanged service ${STACK}_frontend`);
    const update = await upUnderLoad(scenario, "v2");
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
    const broken = await upUnderLoad(scenario, "v3", ["-f", join(ROLL_DIR, "broken.yaml")]);
    expect(broken.result.code, broken.result.stdout + broken.result.stderr).toBe(1);
    const said = broken.result.stdout;
    expect(said).toMatch(/backend: updated, NOT READY \[(rolled-back|crash-loop|exit-nonzero)\]/);
    expect(said).toMatch(new RegExp(`NOT READY .*on node ${node}`));
    expect(said).toContain("non-zero exit (3)");
    expect(said).toMatch(new RegExp(`rolled back: backend: (Swarm|berth) rolled it back .* to its previous spec \\(image berth-fullstack-backend:${TAG}\\); the previous version serves`));
    expect(broken.load.failed, broken.load.failures.join("\n")).toBe(0);
    expect(broken.load.versions).toEqual(["v2"]);
    expect(await versionsNow(4)).toEqual(["v2", "v2", "v2", "v2"]);

    // berth rollback after Swarm rolled v3 back (which clears the previous spec): backend is left alone.
    const rollback = await timed(scenario, "berth rollback", () => scenario.berth(["rollback", ...FILES, "-p", STACK, "--wait-timeout", "120"]));
    expect(rollback.code, rollback.stdout + rollback.stderr).toBe(0);
    expect(rollback.stdout).toContain("backend: left as it is: its last update was already rolled back");
    expect(rollback.stdout).toContain(`${STACK}: nothing to roll back on the Swarm`);
    expect(await versionsNow(2)).toEqual(["v2", "v2"]);
  }, 600_000);

  it("backs up Postgres and Redis on node 3, proves them by drills there, restores Postgres after the data changed", async () => {
    const scenario = release("v2");
    const node3 = cluster?.node(3) ?? "";
    // Tables and a Redis database of the test's own, beside the app's data.
    for (const key of ["a", "b", "c", "d"]) await inTask(scenario, "redis", ["redis-cli", "-n", "5", "set", `key:${key}`, key]);
    await sql(scenario, "CREATE TABLE e2e_rows (id serial PRIMARY KEY, body text NOT NULL); INSERT INTO e2e_rows (body) SELECT 'row ' || g FROM generate_series(1, 500) g; CREATE TABLE e2e_tags (name text); INSERT INTO e2e_tags VALUES ('a'), ('b'), ('c')");

    const backup = await timed(scenario, "berth backup (with its drills)", () => scenario.berth(["backup", ...FILES, "-p", STACK]));
    expect(backup.code, backup.stdout + backup.stderr).toBe(0);
    expect(backup.stdout).toContain("✔ postgres  backed up and proven by a restore drill");
    expect(backup.stdout).toContain(`restored into a scratch postgres:15 on ${node3}`);
    expect(backup.stdout).toContain("public.e2e_rows: 500 rows, as at backup time");
    expect(backup.stdout).toContain("public.e2e_tags: 3 rows, as at backup time");
    expect(backup.stdout).toContain("✔ redis  backed up and proven by a restore drill");
    expect(backup.stdout).toContain(`loaded into a scratch redis:7 on ${node3}`);
    expect(backup.stdout).toContain("db5: 4 keys, as at backup time");
    expect(backup.stdout + backup.stderr).not.toContain(passwords.REDIS_PASSWORD);
    expect(backup.stdout + backup.stderr).not.toContain(passwords.POSTGRES_PASSWORD);
    const artifact = /→ (\S+\.dump)$/m.exec(backup.stdout)?.[1] ?? "";
    const manifest = JSON.parse(await readFile(`${artifact}.manifest.json`, "utf8")) as { node?: string; drill?: { ok: boolean }; facts: { tables: Record<string, number> } };
    expect(manifest).toMatchObject({ node: node3, drill: { ok: true }, facts: { tables: { "public.e2e_rows": 500, "public.e2e_tags": 3 } } });

    // backup --list reads it as any other, re-checking the artifact, and names the node.
    const list = await scenario.berth(["backup", "--list", ...FILES, "-p", STACK]);
    expect(list.stdout).toMatch(new RegExp(`postgres .* drill passed  \\(node ${node3}\\)`));
    expect(list.stdout).toMatch(new RegExp(`redis .* drill passed  \\(node ${node3}\\)`));
    // The jobs and their secrets are gone: nothing of the backup stays on the cluster.
    const left = await scenario.command("docker", ["service", "ls", "-q", "--filter", "label=io.berth.backup-job"]);
    const secrets = await scenario.command("docker", ["secret", "ls", "-q", "--filter", "label=io.berth.backup-job"]);
    expect(left.stdout.trim() + secrets.stdout.trim()).toBe("");

    await sql(scenario, "DELETE FROM e2e_rows WHERE id > 7; DROP TABLE e2e_tags; INSERT INTO e2e_rows (body) VALUES ('written after the backup')");
    expect(await sql(scenario, "SELECT count(*) FROM e2e_rows")).toBe("8");
    const restore = await timed(scenario, "berth restore", () => scenario.berth(["restore", ...FILES, "-p", STACK, "postgres", "latest", "--yes"]));
    expect(restore.code, restore.stdout + restore.stderr).toBe(0);
    expect(restore.stdout).toContain(`into postgres on ${node3}`);
    expect(restore.stdout).toContain("✔ postgres restored from");
    expect(await sql(scenario, "SELECT count(*) FROM e2e_rows")).toBe("500");
    expect(await sql(scenario, "SELECT count(*) FROM e2e_tags")).toBe("3");
    expect(await sql(scenario, "SELECT count(*) FROM e2e_rows WHERE body = 'written after the backup'")).toBe("0");
    // The app still answers through nginx once its database was swapped under it.
    expect(await versionsNow(2)).toEqual(["v2", "v2"]);

  }, 420_000);

  it("when the node holding the datastores stops, ps and report fail and say what was lost and why it runs nowhere; down -v removes the stack", async () => {
    const scenario = release("v2");
    const node3 = cluster?.node(3) ?? "";
    // The worker that holds Postgres and Redis (pinned there with their volumes), stopped on the
    // host engine (the scenario's own commands go to the manager).
    await run("docker", ["stop", "-t", "1", node3], { timeout: 60_000 });
    const stoppedAt = Date.now();
    // Bounded wait until the manager marks the node down and the pinned tasks wait for a node.
    let view: { nodes: { name: string; state: string }[]; services: { service: string; running: number; desired: number; ok: boolean; lost: { task: string; node: string }[]; pending: { task: string; message: string }[] }[] } | undefined;
    for (const deadline = Date.now() + 120_000; Date.now() < deadline; await new Promise((wait) => setTimeout(wait, 2000))) {
      const ps = await scenario.berth(["ps", "--json", "-p", STACK]);
      view = JSON.parse(ps.stdout) as typeof view;
      const postgres = view?.services.find((service) => service.service === "postgres");
      if (view?.nodes.find((node) => node.name === node3)?.state === "down" && (postgres?.pending.length ?? 0) > 0) break;
    }
    timings.push(`node 3 seen down with its tasks pending: ${((Date.now() - stoppedAt) / 1000).toFixed(1)}s`);
    for (const name of ["postgres", "redis"]) {
      const service = view?.services.find((candidate) => candidate.service === name);
      expect(service, name).toMatchObject({ running: 0, desired: 1, ok: false });
      expect(service?.lost).toMatchObject([{ task: `${STACK}_${name}.1`, node: node3 }]);
      expect(service?.pending[0]?.message, name).toMatch(/^no suitable node \(/);
    }
    const [check, report] = await Promise.all([scenario.berth(["ps", "--check", "-p", STACK]), scenario.berth(["report", ...FILES, "-p", STACK])]);
    expect(check.code, "ps --check fails while a service runs fewer tasks than desired").toBe(1);
    expect(check.stdout).toContain("NOT HEALTHY: postgres 0/1 tasks running");
    expect(report.code, report.stderr).toBe(0);
    expect(report.stdout).toContain("## Verdict: FAIL");
    expect(report.stdout).toContain("- service postgres is not ready (0/1 tasks running)");
    expect(report.stdout).toContain("- service redis is not ready (0/1 tasks running)");
    expect(report.stdout).toContain(`- lost: ${STACK}_postgres.1 on ${node3} (node down); not rescheduled: its replacement ${STACK}_postgres.1 is pending: no suitable node (`);
    expect(report.stdout).not.toContain("Every service runs all its desired tasks");

    const down = await timed(scenario, "berth down -v (node 3 down)", () => scenario.berth(["down", "-v", ...FILES, "-p", STACK]));
    expect(down.code, down.stdout + down.stderr).toBe(0);
    const services = await scenario.command("docker", ["service", "ls", "--filter", `label=com.docker.stack.namespace=${STACK}`, "-q"]);
    expect(services.stdout.trim(), "services left").toBe("");
  }, 300_000);
});
