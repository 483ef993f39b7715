import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Scenario } from "./support/scenario.js";
import { startSwarmCluster, type SwarmCluster } from "./support/swarm-cluster.js";

// berth backup --drill and berth restore on a real three-node Swarm (scripts/harness/swarm-cluster.sh).
// The stack is the flagship's Postgres and Redis exactly as e2e/stacks/swarm-flagship/stack.yaml has them
// (pinned to node 3 with its volume, on the internal overlay network): a backup, its drill and a
// restore only touch the datastore, and the flagship's app images would add their build and ~40 s
// of image delivery without adding evidence. One deploy, several assertions; the data is written
// and read on node 3 with psql in the task's container (docker -H node 3), never through berth.
const STACK_DIR = join(import.meta.dirname, "stacks", "swarm-backup");
const STACK = "berthe2e-swbackup";

let cluster: SwarmCluster | undefined;
let scenario: Scenario;

/** A command in the service's task on node 3, through that node's own engine. */
async function inTask(service: string, command: readonly string[]): Promise<string> {
  const engine = cluster?.status["BERTH_SWARM_ENGINE_3"] ?? "";
  const found = await scenario.command("docker", ["-H", engine, "ps", "-q", "--filter", `label=com.docker.swarm.service.name=${STACK}_${service}`]);
  const container = found.stdout.trim().split("\n")[0] ?? "";
  const result = await scenario.command("docker", ["-H", engine, "exec", "-e", `REDISCLI_AUTH=${REDIS_PASSWORD}`, container, ...command]);
  expect(result.code, result.stderr).toBe(0);
  return result.stdout.trim();
}
const sql = (statement: string) => inTask("postgres", ["psql", "-X", "-q", "-t", "-A", "-U", "notes", "-d", "notes", "-c", statement]);
const REDIS_PASSWORD = "e2e-swarm-backup-redis-pw";

const timings: string[] = [];
async function timed<T extends { code: number | null }>(name: string, action: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const result = await scenario.step(name, action);
  timings.push(`${name}: ${((Date.now() - started) / 1000).toFixed(1)}s`);
  return result;
}

beforeAll(async () => {
  cluster = await startSwarmCluster({ name: `berth-swarm-backup-e2e-${process.pid}`, images: ["postgres:15", "redis:7"] });
  scenario = new Scenario({ project: STACK, cwd: STACK_DIR, env: { ...cluster.env, POSTGRES_PASSWORD: "e2e-swarm-backup-pw", REDIS_PASSWORD } });
}, 300_000);

afterAll(async () => {
  process.stdout.write(`[swarm-backup e2e] ${timings.join(", ")}\n`);
  await scenario?.berth(["down", "-v", "-f", "stack.yaml", "-p", STACK]).catch(() => undefined);
  await cluster?.stop();
}, 180_000);

describe("berth backup and restore on a three-node Swarm", () => {
  it("backs up the pinned Postgres and Redis on node 3, proves them by drills there, and restores Postgres after the data changed", async () => {
    expect(cluster?.status["BERTH_SWARM_READY"]).toBe("3");
    const node3 = cluster?.node(3) ?? "";
    const up = await timed("berth up", () => scenario.berth(["up", "-f", "stack.yaml", "-p", STACK, "--wait-timeout", "150"]));
    expect(up.code, up.stdout + up.stderr).toBe(0);
    expect(up.stdout).toContain(`postgres: ready (running on ${node3})`);
    expect(up.stdout).toContain(`redis: ready (running on ${node3})`);

    for (const key of ["a", "b", "c", "d"]) await inTask("redis", ["redis-cli", "set", `key:${key}`, key]);
    await inTask("redis", ["redis-cli", "-n", "1", "set", "other", "x"]);
    await sql("CREATE TABLE notes (id serial PRIMARY KEY, body text NOT NULL); INSERT INTO notes (body) SELECT 'note ' || g FROM generate_series(1, 500) g; CREATE TABLE tags (name text); INSERT INTO tags VALUES ('a'), ('b'), ('c')");

    const backup = await timed("berth backup (with its drill)", () => scenario.berth(["backup", "-f", "stack.yaml", "-p", STACK]));
    expect(backup.code, backup.stdout + backup.stderr).toBe(0);
    expect(backup.stdout).toContain("✔ postgres  backed up and proven by a restore drill");
    expect(backup.stdout).toContain(`restored into a scratch postgres:15 on ${node3}`);
    expect(backup.stdout).toContain("public.notes: 500 rows, as at backup time");
    expect(backup.stdout).toContain("public.tags: 3 rows, as at backup time");
    expect(backup.stdout).toContain("✔ redis  backed up and proven by a restore drill");
    expect(backup.stdout).toContain(`loaded into a scratch redis:7 on ${node3}`);
    expect(backup.stdout).toContain("db0: 4 keys, as at backup time");
    expect(backup.stdout).toContain("db1: 1 keys, as at backup time");
    expect(backup.stdout + backup.stderr).not.toContain(REDIS_PASSWORD);
    const artifact = /→ (\S+\.dump)$/m.exec(backup.stdout)?.[1] ?? "";
    const manifest = JSON.parse(await readFile(`${artifact}.manifest.json`, "utf8")) as { node?: string; drill?: { ok: boolean }; facts: { tables: Record<string, number> } };
    expect(manifest).toMatchObject({ node: node3, drill: { ok: true }, facts: { tables: { "public.notes": 500, "public.tags": 3 } } });

    // backup --list reads it as any other, re-checking the artifact, and names the node.
    const list = await scenario.berth(["backup", "--list", "-f", "stack.yaml", "-p", STACK]);
    expect(list.stdout).toMatch(new RegExp(`postgres .* drill passed  \\(node ${node3}\\)`));
    expect(list.stdout).toMatch(new RegExp(`redis .* drill passed  \\(node ${node3}\\)`));

    // The jobs and their secrets are gone: nothing of the backup stays on the cluster.
    const left = await scenario.command("docker", ["service", "ls", "-q", "--filter", "label=io.berth.backup-job"]);
    const secrets = await scenario.command("docker", ["secret", "ls", "-q", "--filter", "label=io.berth.backup-job"]);
    expect(left.stdout.trim() + secrets.stdout.trim()).toBe("");

    await sql("DELETE FROM notes WHERE id > 7; DROP TABLE tags; INSERT INTO notes (body) VALUES ('written after the backup')");
    expect(await sql("SELECT count(*) FROM notes")).toBe("8");

    const restore = await timed("berth restore", () => scenario.berth(["restore", "-f", "stack.yaml", "-p", STACK, "postgres", "latest", "--yes"]));
    expect(restore.code, restore.stdout + restore.stderr).toBe(0);
    expect(restore.stdout).toContain(`into postgres on ${node3}`);
    expect(restore.stdout).toContain("✔ postgres restored from");
    expect(await sql("SELECT count(*) FROM notes")).toBe("500");
    expect(await sql("SELECT count(*) FROM tags")).toBe("3");
    expect(await sql("SELECT count(*) FROM notes WHERE body = 'written after the backup'")).toBe("0");

    // The datastore is healthy on its node after the restore (Swarm keeps a task `starting` until its healthcheck passes).
    const ps = await scenario.berth(["ps", "--json", "-p", STACK]);
    const tasks = (JSON.parse(ps.stdout) as { tasks: { service: string; node: string; desiredState: string; state: string }[] }).tasks.filter((task) => task.desiredState === "running");
    expect(tasks.sort((a, b) => a.service.localeCompare(b.service))).toMatchObject([
      { service: "postgres", node: node3, state: "running" },
      { service: "redis", node: node3, state: "running" },
    ]);

    const down = await timed("berth down -v", () => scenario.berth(["down", "-v", "-f", "stack.yaml", "-p", STACK]));
    expect(down.code, down.stdout + down.stderr).toBe(0);
  }, 420_000);
});
