import { randomBytes } from "node:crypto";
import { OperationFailed } from "../common/errors.js";
import type { ServiceBackupConfig } from "./backup-config.js";
import { compareCounts, parseCountLines } from "./compare-facts.js";
import type { CheckOutcome } from "./driver.js";
import type { BackupFacts, BackupManifest } from "./manifest.js";
import { backupSql, checkIdentifier, countMarker, countTablesSql, dumpStatus, type PgIdentity } from "./postgres-scripts.js";
import type { DatastoreOnNode, NodeJobResult } from "./swarm-jobs.js";
import { parseJobArtifact, postgresBackupJob, postgresDrillJob, postgresRestoreJob, restoreJobEnv, withoutArtifact } from "./swarm-scripts.js";

/** An artifact that arrived intact from a backup job, and what its manifest records about it. */
export interface SwarmArtifact {
  readonly bytes: Buffer;
  readonly extension: string;
  readonly compressed: boolean;
  /** Connection details a restore needs (database, user; port); never a password. */
  readonly source: Readonly<Record<string, string>>;
  readonly facts: BackupFacts;
}

/** The database and role, as on one host: x-berth.backup, else the service's POSTGRES_USER / POSTGRES_DB. */
export function swarmPgIdentity(config: ServiceBackupConfig, env: Readonly<Record<string, string>>): PgIdentity {
  const user = config.user ?? env["POSTGRES_USER"] ?? "postgres";
  return { user: checkIdentifier("user", user), database: checkIdentifier("database", config.database ?? env["POSTGRES_DB"] ?? user) };
}

/** Connection to the live server from a job on the stack's network: its task's address, no virtual IP needed. */
function liveEnv(datastore: DatastoreOnNode, identity: PgIdentity): Record<string, string> {
  const password = datastore.env["POSTGRES_PASSWORD"];
  return {
    PGHOST: `tasks.${datastore.fullName}`,
    PGPORT: datastore.env["PGPORT"] ?? "5432",
    PGUSER: identity.user,
    PGDATABASE: identity.database,
    ...(password === undefined ? {} : { PGPASSWORD: password }),
  };
}

/** The job failed: the message carries Swarm's word and the tail of what it printed (never the artifact). */
export function jobFailed(code: string, doing: string, result: NodeJobResult): OperationFailed {
  const tail = `${result.stderr}${withoutArtifact(result.stdout)}`.trim().split("\n").slice(-8).join("\n");
  return new OperationFailed(code, `${doing} failed (${result.taskError ?? `exit ${result.exitCode}`})${tail === "" ? "" : `:\n${tail}`}`);
}

/**
 * The backup: a job on the datastore's node runs the one-host backup session against the live
 * server and prints the dump; berth checks what arrived against the size and sha256 the node computed.
 */
export async function dumpPostgresOnSwarm(datastore: DatastoreOnNode, config: ServiceBackupConfig): Promise<SwarmArtifact> {
  const identity = swarmPgIdentity(config, datastore.env);
  const result = await datastore.run({ role: "backup", script: postgresBackupJob, env: { ...liveEnv(datastore, identity), BERTH_SQL: backupSql(config.compressionLevel), BERTH_OUT: "/tmp/berth-artifact" }, network: true });
  const status = dumpStatus(result.stdout);
  if (status === undefined) throw jobFailed("backup.pg-dump", `the backup session of ${datastore.service} on ${datastore.nodeName} (psql)`, result);
  if (status !== 0) throw jobFailed("backup.pg-dump", `pg_dump of ${datastore.service} on ${datastore.nodeName}`, { ...result, exitCode: status });
  const artifact = parseJobArtifact(result.stdout);
  if (!artifact.ok) throw new OperationFailed("backup.transfer", `the dump of ${datastore.service} did not arrive intact from ${datastore.nodeName}: ${artifact.reason}`, { hint: "run the backup again; if it keeps failing, see docs/swarm.md (limits)" });
  return { bytes: artifact.bytes, extension: "dump", compressed: true, source: { ...identity }, facts: { tables: parseCountLines(result.stdout, countMarker) } };
}

/** The drill: a job on the node restores the dump into a scratch Postgres of the same image (loopback only) and counts every table. */
export async function drillPostgresOnSwarm(datastore: DatastoreOnNode, manifest: BackupManifest, bytes: Buffer): Promise<CheckOutcome> {
  const identity = identityOf(manifest);
  const password = randomBytes(12).toString("hex");
  const env = { POSTGRES_USER: identity.user, POSTGRES_DB: identity.database, POSTGRES_PASSWORD: password, PGPASSWORD: password, BERTH_SHA256: manifest.sha256, BERTH_SQL: countTablesSql };
  const result = await datastore.run({ role: "drill", script: postgresDrillJob, env, input: bytes, network: false });
  if (result.exitCode !== 0) return { ok: false, checks: [], error: jobFailed("backup.drill", `the drill on ${datastore.nodeName}`, result).message };
  const outcome = compareCounts("rows", manifest.facts.tables ?? {}, parseCountLines(result.stdout, countMarker));
  return { ...outcome, checks: [`restored into a scratch ${manifest.image} on ${datastore.nodeName}`, ...outcome.checks] };
}

/** The restore: a job on the node restores into a new database of the live server, swaps it in by renames, and counts. */
export async function restorePostgresOnSwarm(datastore: DatastoreOnNode, manifest: BackupManifest, bytes: Buffer): Promise<CheckOutcome> {
  const identity = identityOf(manifest);
  const result = await datastore.run({ role: "restore", script: postgresRestoreJob, env: { ...liveEnv(datastore, identity), ...restoreJobEnv(identity, manifest.sha256) }, input: bytes, network: true });
  if (result.exitCode !== 0 || !result.stdout.includes("berth-restore-ok")) throw jobFailed("restore.pg-restore", `restoring ${manifest.artifact} into ${datastore.service} on ${datastore.nodeName}`, result);
  return compareCounts("rows", manifest.facts.tables ?? {}, parseCountLines(result.stdout, countMarker));
}

function identityOf(manifest: BackupManifest): PgIdentity {
  const { user, database } = manifest.source;
  if (user === undefined || database === undefined) throw new OperationFailed("backup.manifest", `the manifest of ${manifest.artifact} does not say which database it holds`);
  return { user: checkIdentifier("user", user), database: checkIdentifier("database", database) };
}
