import { createHash } from "node:crypto";
import { mkdtemp, readFile, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { BackupEvent } from "./run-backup.js";
import type { BackupTarget } from "./select-driver.js";
import { listBackups } from "./backup-store.js";
import { imageIdOf, runSwarmBackups } from "./swarm-backup.js";
import { FakeDatastores, type Play } from "./testing/fake-datastores.js";

const dump = Buffer.from("PGDMP pretend custom-format dump ".repeat(300));
const sha = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
const imageId = `sha256:${"c".repeat(64)}`;
const engine = { inspectImage: async (reference: string) => (["postgres:15", "redis:7"].includes(reference) ? ({ Id: imageId } as never) : undefined) };
const pg: BackupTarget = { service: "db", driver: "postgres", image: "postgres:15", config: { consistency: "stop" } };
/** Jobs as the real scripts answer: the backup prints counts and the dump, the drill counts what it restored. */
function jobs(drillRows = 2, transfer: (text: string) => string = (text) => text): Play {
  return (job) => {
    if (job.role === "backup") {
      const body = (dump.toString("base64").match(/.{1,76}/g) ?? []).join("\n");
      return { stdout: transfer(`berth-count|public.notes|2\nberth-dump-status|0\nberth-artifact|${dump.length}|${sha(dump)}\nberth-artifact-begin\n${body}\nberth-artifact-end\n`) };
    }
    if (!(job.input ?? Buffer.alloc(0)).equals(dump)) return { exitCode: 3, stderr: "berth: the artifact as the job received it does not match the sha256 of its manifest\n" };
    return { stdout: `berth-count|public.notes|${drillRows}\n` };
  };
}

let dir = "";
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "berth-swarm-backup-"));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

const backup = (port: FakeDatastores, extra: { targets?: BackupTarget[]; drill?: boolean; events?: BackupEvent[] } = {}) =>
  runSwarmBackups({ locate: port.locate, engine, project: "shop", targets: extra.targets ?? [pg], dir, drill: extra.drill ?? true, berthVersion: "1.2.3", onEvent: (event) => extra.events?.push(event) });

describe("runSwarmBackups", () => {
  it("writes the dump where one-host backups land, with a manifest naming the node, proven by the drill", async () => {
    const events: BackupEvent[] = [];
    const port = new FakeDatastores(jobs());
    const [outcome] = await backup(port, { events });
    expect(outcome?.ok).toBe(true);
    const [stored] = await listBackups(dir, "db");
    expect(stored?.artifactPath).toBe(outcome?.stored?.artifactPath);
    expect((await readFile(stored?.artifactPath ?? "")).equals(dump)).toBe(true);
    expect(((await stat(stored?.artifactPath ?? "")).mode & 0o777).toString(8)).toBe("600");
    expect(stored?.manifest).toMatchObject({ project: "shop", service: "db", driver: "postgres", image: "postgres:15", imageId, sha256: sha(dump), sizeBytes: dump.length, compressed: true, source: { user: "notes", database: "notes" }, facts: { tables: { "public.notes": 2 } }, node: "node-3" });
    expect(stored?.manifest.drill).toMatchObject({ ok: true, checks: ["size and sha256 match the manifest", "restored into a scratch postgres:15 on node-3", "public.notes: 2 rows, as at backup time"] });
    expect(events.map((event) => event.kind)).toEqual(["started", "written", "drilled"]);
    // The dump is taken over the stack's network; the drill's scratch server stays off it, and gets the dump as input.
    expect(port.jobs.map((job) => [job.role, job.network, job.input?.length])).toEqual([["backup", true, undefined], ["drill", false, dump.length]]);
    expect(port.jobs[0]?.env).toMatchObject({ PGHOST: "tasks.shop_db", PGUSER: "notes", PGDATABASE: "notes", PGPASSWORD: "s3cret", BERTH_OUT: "/tmp/berth-artifact" });
    expect(await readdir(join(dir, "db"))).toHaveLength(2);
  });

  it("a drill that does not find the rows makes the backup unproven", async () => {
    const [outcome] = await backup(new FakeDatastores(jobs(1)));
    expect(outcome?.ok).toBe(false);
    expect(outcome?.stored?.manifest.drill).toMatchObject({ ok: false, error: "restored data differs from the backup: public.notes has 1 rows, expected 2" });
  });

  it("--no-drill leaves the backup undrilled, and the drill job is never created", async () => {
    const port = new FakeDatastores(jobs());
    const [outcome] = await backup(port, { drill: false });
    expect(outcome?.ok).toBe(true);
    expect(outcome?.stored?.manifest.drill).toBeUndefined();
    expect(port.jobs.map((job) => [job.role, job.network])).toEqual([["backup", true]]);
  });

  it("a dump damaged on its way through the logs is no backup, and leaves no file", async () => {
    const dropLine = (text: string) => text.split("\n").filter((_, index) => index !== 6).join("\n");
    const [outcome] = await backup(new FakeDatastores(jobs(2, dropLine)));
    expect(outcome?.ok).toBe(false);
    expect(outcome?.error).toMatch(/^the dump of db did not arrive intact from node-3: \d+ bytes arrived through the service logs, the node wrote \d+$/);
    expect(await readdir(join(dir, "db"))).toEqual([]);
  });

  it("a failed pg_dump is reported with its output, never the artifact", async () => {
    const port = new FakeDatastores(() => ({ exitCode: 0, stdout: "berth-dump-status|1\n", stderr: "pg_dump: error: connection refused\n" }));
    const [outcome] = await backup(port);
    expect(outcome?.error).toBe("pg_dump of db on node-3 failed (exit 1):\npg_dump: error: connection refused\nberth-dump-status|1");
  });

  it("warns, naming the reason and the node copied, when the datastore is not pinned", async () => {
    const events: BackupEvent[] = [];
    const reason = "db is not pinned to one node: its constraints (node.labels.berth.node != 1) allow 2 nodes (node-2, node-3); a task Swarm moves starts on another node's empty volume";
    const [outcome] = await backup(new FakeDatastores(jobs(), { pinned: false, reason, node: "node-2" }), { events });
    expect(outcome?.ok).toBe(true);
    expect(events.find((event) => event.kind === "warning")).toEqual({ kind: "warning", service: "db", text: "db is not pinned to one node: its constraints (node.labels.berth.node != 1) allow 2 nodes (node-2, node-3); a task Swarm moves starts on another node's empty volume: this backup copies the data of the task on node-2" });
  });

  it("names a datastore without a running task, and a driver not built for Swarm, and goes on with the others", async () => {
    const files: BackupTarget = { service: "files", driver: "volume", image: "app:1", config: { consistency: "stop" }, volume: { key: "files", name: "shop_files" } };
    const outcomes = await backup(new FakeDatastores(jobs(), { missing: "service db has no running task: its task is pending" }), { targets: [files, pg] });
    expect(outcomes.map((outcome) => [outcome.service, outcome.ok, outcome.error])).toEqual([
      ["files", false, "a volume backup does not run on a Swarm manager yet (Postgres and Redis backups do)"],
      ["db", false, "service db has no running task: its task is pending"],
    ]);
  });

  it("backs up Redis: the RDB with the key counts before and after, drilled in a scratch server on the node", async () => {
    const rdb = Buffer.from("REDIS0011 pretend rdb");
    const redis: BackupTarget = { service: "cache", driver: "redis", image: "redis:7", config: { consistency: "stop" } };
    const port = new FakeDatastores(
      (job) => {
        if (job.role === "backup") return { stdout: `berth-keys-before\r\n# Keyspace\r\ndb0:keys=3,expires=0,avg_ttl=0\r\nberth-keys-after\n# Keyspace\ndb0:keys=4,expires=0,avg_ttl=0\nberth-artifact|${rdb.length}|${sha(rdb)}\nberth-artifact-begin\n${rdb.toString("base64")}\nberth-artifact-end\n` };
        return (job.input ?? Buffer.alloc(0)).equals(rdb) ? { stdout: "# Keyspace\ndb0:keys=4,expires=0,avg_ttl=0\n" } : { exitCode: 3 };
      },
      { image: "redis:7", env: { REDIS_PASSWORD: "pw" }, command: ["sh", "-c", 'exec redis-server --requirepass "$$REDIS_PASSWORD"'] },
    );
    const [outcome] = await backup(port, { targets: [redis] });
    expect(outcome?.ok).toBe(true);
    expect(outcome?.stored?.artifactPath).toMatch(/cache-.*\.rdb$/);
    expect(outcome?.stored?.manifest).toMatchObject({ driver: "redis", compressed: false, source: { port: "6379" }, facts: { keys: { db0: 3 }, keysAfter: { db0: 4 } }, node: "node-3" });
    expect(outcome?.stored?.manifest.drill?.checks).toEqual(["size and sha256 match the manifest", "loaded into a scratch redis:7 on node-3", "db0: 4 keys, as at backup time"]);
    // The password reaches redis-cli as REDISCLI_AUTH (from the service's own command line), never in the script.
    expect(port.jobs[0]?.env).toEqual({ BERTH_HOST: "tasks.shop_cache", BERTH_PORT: "6379", BERTH_OUT: "/tmp/berth-artifact", REDISCLI_AUTH: "pw" });
    expect(port.jobs[0]?.script).not.toContain("pw");
  });
});

describe("imageIdOf", () => {
  it("takes the manager's image id, else the digest the spec pins, else refuses", async () => {
    expect(await imageIdOf(engine, `postgres:15@sha256:${"d".repeat(64)}`)).toBe(imageId);
    expect(await imageIdOf({ inspectImage: async () => undefined }, `postgres:16@sha256:${"d".repeat(64)}`)).toBe(`sha256:${"d".repeat(64)}`);
    await expect(imageIdOf({ inspectImage: async () => undefined }, "postgres:16")).rejects.toThrow("cannot name the image postgres:16 exactly: the manager has no copy and the service spec pins no digest");
  });
});
