import { chmod, mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { OperationFailed } from "../common/errors.js";
import type { Engine } from "../engine/engine.js";
import { applyRetention, type StoredBackup } from "./backup-store.js";
import { checkArtifact, hashFile, manifestPathOf, writeManifest, type BackupManifest, type DrillRecord } from "./manifest.js";
import { backupEach, timestampOf, type BackupEvent, type BackupOutcome } from "./run-backup.js";
import type { BackupTarget } from "./select-driver.js";
import type { DatastoreOnNode, LocateDatastore } from "./swarm-jobs.js";
import { drillPostgresOnSwarm, dumpPostgresOnSwarm } from "./swarm-postgres.js";
import { drillRedisOnSwarm, dumpRedisOnSwarm } from "./swarm-redis.js";

export interface SwarmBackupOptions {
  /** The datastore's running task and jobs on its node (src/swarm/backup-datastore.ts). */
  readonly locate: LocateDatastore;
  /** The manager's own engine: the image id, when the manager has the image. */
  readonly engine: Pick<Engine, "inspectImage">;
  readonly project: string;
  readonly targets: readonly BackupTarget[];
  readonly dir: string;
  readonly drill: boolean;
  readonly retention?: number;
  readonly berthVersion: string;
  readonly onEvent?: (event: BackupEvent) => void;
}

/**
 * `berth backup` on a Swarm manager: for each datastore, a job on the node its task runs on
 * dumps it; the artifact lands in the same folder and format as on one host, its manifest naming
 * the node; a second job drills it in a scratch server on that node. One service failing does not
 * stop the others.
 */
export async function runSwarmBackups(options: SwarmBackupOptions): Promise<BackupOutcome[]> {
  return backupEach(options.targets, options.onEvent, (target) => backupOne(options, target));
}

async function backupOne(options: SwarmBackupOptions, target: BackupTarget): Promise<BackupOutcome> {
  options.onEvent?.({ kind: "started", service: target.service, driver: target.driver });
  if (target.driver === "volume") throw notOnSwarmYet(target);
  const datastore = await options.locate(target.service);
  if (!datastore.pinning.pinned) options.onEvent?.({ kind: "warning", service: target.service, text: `${datastore.pinning.reason ?? ""}: this backup copies the data of the task on ${datastore.nodeName}` });
  const folder = join(options.dir, target.service);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const started = Date.now();
  const dump = target.driver === "postgres" ? await dumpPostgresOnSwarm(datastore, target.config) : await dumpRedisOnSwarm(datastore);
  const fileName = `${target.service}-${timestampOf(new Date(started))}.${dump.extension}`;
  const artifactPath = join(folder, fileName);
  await writeArtifact(artifactPath, dump.bytes);
  const { sha256, sizeBytes } = await hashFile(artifactPath);
  const manifest: BackupManifest = {
    manifestVersion: 1,
    project: options.project,
    service: target.service,
    driver: target.driver,
    image: datastore.image.replace(/@sha256:[0-9a-f]{64}$/, ""),
    imageId: await imageIdOf(options.engine, datastore.image),
    artifact: fileName,
    createdAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    sizeBytes,
    sha256,
    compressed: dump.compressed,
    berthVersion: options.berthVersion,
    source: dump.source,
    facts: dump.facts,
    node: datastore.nodeName,
  };
  await writeManifest(artifactPath, manifest);
  options.onEvent?.({ kind: "written", service: target.service, path: artifactPath, sizeBytes, durationMs: manifest.durationMs });
  const stored: StoredBackup = { manifest, artifactPath, manifestPath: manifestPathOf(artifactPath) };
  const drilled = options.drill ? await recordDrill(options, datastore, stored) : stored;
  const ok = drilled.manifest.drill?.ok !== false;
  const expired = ok && options.retention !== undefined ? await applyRetention(options.dir, target.service, options.retention) : [];
  if (expired.length > 0) options.onEvent?.({ kind: "expired", service: target.service, paths: expired });
  return { service: target.service, ok, stored: drilled, expired };
}

/** Proves a stored backup on the Swarm: size and sha256 against the manifest, then the drill job. */
export async function drillOnSwarm(datastore: DatastoreOnNode, stored: StoredBackup): Promise<DrillRecord> {
  const started = Date.now();
  const at = new Date(started).toISOString();
  const damaged = await checkArtifact(stored.artifactPath, stored.manifest);
  if (damaged !== undefined) return { ok: false, at, durationMs: Date.now() - started, checks: [], error: damaged };
  const drill = stored.manifest.driver === "redis" ? drillRedisOnSwarm : drillPostgresOnSwarm;
  const outcome = await drill(datastore, stored.manifest, await readFile(stored.artifactPath));
  return { ok: outcome.ok, at, durationMs: Date.now() - started, checks: ["size and sha256 match the manifest", ...outcome.checks], ...(outcome.error === undefined ? {} : { error: outcome.error }) };
}

async function recordDrill(options: SwarmBackupOptions, datastore: DatastoreOnNode, stored: StoredBackup): Promise<StoredBackup> {
  const drill = await drillOnSwarm(datastore, stored);
  const manifest = { ...stored.manifest, drill };
  await writeManifest(stored.artifactPath, manifest);
  options.onEvent?.({ kind: "drilled", service: stored.manifest.service, ok: drill.ok, durationMs: drill.durationMs });
  return { ...stored, manifest };
}

/** Written under a partial name, readable by its owner only, renamed when complete. */
async function writeArtifact(path: string, bytes: Buffer): Promise<void> {
  try {
    await writeFile(`${path}.partial`, bytes, { mode: 0o600 });
    await chmod(`${path}.partial`, 0o600);
    await rename(`${path}.partial`, path);
  } catch (error) {
    await rm(`${path}.partial`, { force: true });
    throw error;
  }
}

/**
 * The image's id as the manager's engine knows it; else the repository digest Swarm pinned in
 * the spec. A task's own image id is only known to its node, which the manager cannot ask.
 */
export async function imageIdOf(engine: Pick<Engine, "inspectImage">, image: string): Promise<string> {
  const local = (await engine.inspectImage(image).catch(() => undefined)) ?? (await engine.inspectImage(image.replace(/@sha256:[0-9a-f]{64}$/, "")).catch(() => undefined));
  if (local !== undefined && /^sha256:[0-9a-f]{64}$/.test(local.Id)) return local.Id;
  const digest = /@(sha256:[0-9a-f]{64})$/.exec(image)?.[1];
  if (digest !== undefined) return digest;
  throw new OperationFailed("backup.image-id", `cannot name the image ${image} exactly: the manager has no copy and the service spec pins no digest`, { hint: "deploy the image by digest (image: NAME@sha256:…), or load it on the manager too" });
}

/** A driver (or, for a restore, a driver's restore) berth does not run through a manager yet. */
export function notOnSwarmYet(target: BackupTarget, what = "backup"): OperationFailed {
  const built = what === "restore" ? "only Postgres restores do" : "Postgres and Redis backups do";
  return new OperationFailed("backup.swarm-driver", `a ${target.driver} ${what} does not run on a Swarm manager yet (${built})`, {
    hint: what === "restore" ? "not built yet; the backup and its drill are (docs/swarm.md, limits)" : "name the services to back up (berth backup SERVICE...); volume backups on Swarm are not built yet (docs/swarm.md)",
  });
}
