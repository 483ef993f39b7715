import { createHash } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { StoredBackup } from "./backup-store.js";
import type { BackupManifest } from "./manifest.js";
import type { BackupTarget } from "./select-driver.js";
import { restoreOnSwarm } from "./swarm-restore.js";
import { FakeDatastores, type Play } from "./testing/fake-datastores.js";

const dump = Buffer.from("PGDMP pretend dump");
const sha = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
const pg: BackupTarget = { service: "db", driver: "postgres", image: "postgres:15", config: { consistency: "stop" } };

let dir = "";
let stored: StoredBackup;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "berth-swarm-restore-"));
  const artifactPath = join(dir, "db-1.dump");
  await writeFile(artifactPath, dump);
  const manifest: BackupManifest = { manifestVersion: 1, project: "shop", service: "db", driver: "postgres", image: "postgres:15", imageId: `sha256:${"c".repeat(64)}`, artifact: "db-1.dump", createdAt: "2026-12-08T00:00:00Z", durationMs: 1, sizeBytes: dump.length, sha256: sha(dump), compressed: true, berthVersion: "1", source: { user: "notes", database: "notes" }, facts: { tables: { "public.notes": 2 } }, node: "node-3" };
  stored = { manifest, artifactPath, manifestPath: `${artifactPath}.manifest.json` };
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

const restoring: Play = (job) => {
  if (!(job.input ?? Buffer.alloc(0)).equals(dump) || !job.network || job.env["PGHOST"] !== "tasks.shop_db" || job.env["PGPASSWORD"] !== "s3cret" || job.env["BERTH_SHA256"] !== sha(dump)) return { exitCode: 3 };
  return { stdout: "berth-restore-ok\nberth-count|public.notes|2\n" };
};
const restore = (port: FakeDatastores, target = pg) => restoreOnSwarm({ locate: port.locate, target, stored });

describe("restoreOnSwarm", () => {
  it("restores on the task's node over the stack's network and proves the row counts", async () => {
    const port = new FakeDatastores(restoring);
    const outcome = await restore(port);
    expect(outcome).toEqual({ ok: true, checks: ["public.notes: 2 rows, as at backup time", "db runs on node-3 after the restore"], node: "node-3" });
    expect(port.jobs.map((job) => job.role)).toEqual(["restore"]);
    expect(port.jobs[0]?.env["BERTH_RESTORE"]).toContain('RENAME TO "notes"');
  });

  it("refuses a datastore that is not pinned, before any job runs", async () => {
    const port = new FakeDatastores(restoring, { pinned: false, reason: "db is not pinned to one node: it has no placement constraints (node-1, node-2, node-3)" });
    await expect(restore(port)).rejects.toThrow("refusing to restore into db: db is not pinned to one node: it has no placement constraints (node-1, node-2, node-3)");
    expect(port.jobs).toEqual([]);
  });

  it("refuses a damaged artifact and another driver's backup before asking the Swarm", async () => {
    const port = new FakeDatastores(restoring);
    await expect(restore(port, { ...pg, driver: "volume" })).rejects.toThrow("is a postgres backup, but db uses the volume driver");
    await writeFile(stored.manifestPath, "");
    const redisBackup = { ...stored, manifest: { ...stored.manifest, driver: "redis" as const } };
    await expect(restoreOnSwarm({ locate: port.locate, target: { ...pg, driver: "redis" }, stored: redisBackup })).rejects.toThrow("a redis restore does not run on a Swarm manager yet (only Postgres restores do)");
    await writeFile(stored.artifactPath, "PGDMP pretend dumq");
    await expect(restore(port)).rejects.toThrow(/refusing to restore .*db-1\.dump: the file's sha256 is/);
    expect(port.jobs).toEqual([]);
  });

  it("a failed restore job fails with its output; a count that differs is a failed outcome", async () => {
    await expect(restore(new FakeDatastores(() => ({ exitCode: 3, stderr: "berth: pg_restore failed, the live database is untouched\n" })))).rejects.toThrow("restoring db-1.dump into db on node-3 failed (exit 3):\nberth: pg_restore failed, the live database is untouched");
    const short = await restore(new FakeDatastores(() => ({ stdout: "berth-restore-ok\nberth-count|public.notes|1\n" })));
    expect(short).toMatchObject({ ok: false, error: "restored data differs from the backup: public.notes has 1 rows, expected 2" });
  });
});
