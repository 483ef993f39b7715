import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { BackupManifest } from "./manifest.js";
import { drillPostgresOnSwarm, dumpPostgresOnSwarm, restorePostgresOnSwarm, swarmPgIdentity } from "./swarm-postgres.js";
import { FakeDatastores, type Play } from "./testing/fake-datastores.js";

const dump = Buffer.from("PGDMP pretend");
const sha = createHash("sha256").update(dump).digest("hex");
const manifest: BackupManifest = { manifestVersion: 1, project: "shop", service: "db", driver: "postgres", image: "postgres:15", imageId: `sha256:${"c".repeat(64)}`, artifact: "db-1.dump", createdAt: "2026-12-08T00:00:00Z", durationMs: 1, sizeBytes: dump.length, sha256: sha, compressed: true, berthVersion: "1", source: { user: "notes", database: "notes" }, facts: { tables: { "public.notes": 2, "public.tags": 0 } } };
const at = async (play: Play, env?: Record<string, string>) => new FakeDatastores(play, env === undefined ? {} : { env }).locate("db");
const artifactLines = `berth-artifact|${dump.length}|${sha}\nberth-artifact-begin\n${dump.toString("base64")}\nberth-artifact-end\n`;

describe("swarmPgIdentity", () => {
  it("takes x-berth.backup first, then the service's POSTGRES_USER / POSTGRES_DB, then postgres", () => {
    expect(swarmPgIdentity({ consistency: "stop", user: "app", database: "shop" }, { POSTGRES_USER: "notes" })).toEqual({ user: "app", database: "shop" });
    expect(swarmPgIdentity({ consistency: "stop" }, { POSTGRES_USER: "notes", POSTGRES_DB: "main" })).toEqual({ user: "notes", database: "main" });
    expect(swarmPgIdentity({ consistency: "stop" }, {})).toEqual({ user: "postgres", database: "postgres" });
  });

  it("refuses a name with shell or SQL characters, as on one host", () => {
    expect(() => swarmPgIdentity({ consistency: "stop" }, { POSTGRES_USER: "a'; DROP" })).toThrow(/has characters berth does not put in a script/);
  });
});

describe("dumpPostgresOnSwarm", () => {
  it("connects to the task's address with the service's password and compression level, and returns the counts", async () => {
    const datastore = await at(() => ({ stdout: `berth-count|public.notes|2\nberth-dump-status|0\n${artifactLines}` }));
    const result = await dumpPostgresOnSwarm(datastore, { consistency: "stop", compressionLevel: 1 });
    expect(result).toMatchObject({ extension: "dump", compressed: true, source: { user: "notes", database: "notes" }, facts: { tables: { "public.notes": 2 } } });
    expect(result.bytes.equals(dump)).toBe(true);
  });

  it("without a password in the service's environment, sends none (the image's trust rules decide)", async () => {
    const fake = new FakeDatastores(() => ({ stdout: `berth-dump-status|0\n${artifactLines}` }), { env: { POSTGRES_USER: "notes" } });
    await dumpPostgresOnSwarm(await fake.locate("db"), { consistency: "stop" });
    expect(fake.jobs[0]?.env["PGPASSWORD"]).toBeUndefined();
    expect(fake.jobs[0]?.env["BERTH_SQL"]).toContain("pg_dump --snapshot=");
  });

  it("a session that never ran pg_dump fails with Swarm's word and the output's tail", async () => {
    const datastore = await at(() => ({ exitCode: -1, taskError: "rejected: No such image: postgres:15", stderr: "" }));
    await expect(dumpPostgresOnSwarm(datastore, { consistency: "stop" })).rejects.toThrow("the backup session of db on node-3 (psql) failed (rejected: No such image: postgres:15)");
  });

  it("a dump whose markers are missing is not a backup", async () => {
    const datastore = await at(() => ({ stdout: "berth-dump-status|0\nberth-artifact-begin\nAAAA\n" }));
    await expect(dumpPostgresOnSwarm(datastore, { consistency: "stop" })).rejects.toThrow("the dump of db did not arrive intact from node-3: the job's output has no complete artifact (its markers are missing)");
  });
});

describe("drillPostgresOnSwarm", () => {
  it("starts the scratch server with a throwaway password, off the stack's network, and compares every table", async () => {
    const fake = new FakeDatastores(() => ({ stdout: "berth-count|public.notes|2\nberth-count|public.tags|0\n" }));
    const outcome = await drillPostgresOnSwarm(await fake.locate("db"), manifest, dump);
    expect(outcome).toEqual({ ok: true, checks: ["restored into a scratch postgres:15 on node-3", "public.notes: 2 rows, as at backup time", "public.tags: 0 rows, as at backup time"] });
    const job = fake.jobs[0];
    expect(job?.network).toBe(false);
    expect(job?.env["POSTGRES_PASSWORD"]).toMatch(/^[0-9a-f]{24}$/);
    expect(job?.env["POSTGRES_PASSWORD"]).not.toBe("s3cret");
    expect(job?.env["BERTH_SHA256"]).toBe(sha);
  });

  it("a drill job that fails is a failed drill with the reason, not an exception", async () => {
    const datastore = await at(() => ({ exitCode: 5, stderr: "pg_restore: error: input file is too short\nberth: pg_restore into the scratch postgres failed\n" }));
    const outcome = await drillPostgresOnSwarm(datastore, manifest, dump);
    expect(outcome.ok).toBe(false);
    expect(outcome.error).toBe("the drill on node-3 failed (exit 5):\npg_restore: error: input file is too short\nberth: pg_restore into the scratch postgres failed");
  });

  it("refuses a manifest that does not say which database it holds", async () => {
    await expect(drillPostgresOnSwarm(await at(() => ({})), { ...manifest, source: {} }, dump)).rejects.toThrow("the manifest of db-1.dump does not say which database it holds");
  });
});

describe("restorePostgresOnSwarm", () => {
  it("fails unless the restore script said it swapped the database in", async () => {
    const datastore = await at(() => ({ stdout: "berth-count|public.notes|2\n" }));
    await expect(restorePostgresOnSwarm(datastore, manifest, dump)).rejects.toThrow("restoring db-1.dump into db on node-3 failed (exit 0)");
  });

  it("compares the live tables after the swap", async () => {
    const datastore = await at(() => ({ stdout: "berth-restore-ok\nberth-count|public.notes|2\nberth-count|public.tags|0\n" }));
    expect(await restorePostgresOnSwarm(datastore, manifest, dump)).toEqual({ ok: true, checks: ["public.notes: 2 rows, as at backup time", "public.tags: 0 rows, as at backup time"] });
  });
});
