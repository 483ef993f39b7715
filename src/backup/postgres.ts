import { randomBytes } from "node:crypto";
import { rename } from "node:fs/promises";
import { join } from "node:path";
import { OperationFailed } from "../common/errors.js";
import type { StoredBackup } from "./backup-store.js";
import { compareCounts, parseCountLines } from "./compare-facts.js";
import type { BackupDriver, CheckOutcome, DriverBackup, DriverContext } from "./driver.js";
import { oneShotFailed, runOneShot, type HelperRole, type OneShotResult } from "./one-shot.js";
import { backupSql, checkIdentifier, countMarker, dumpStatus, countTablesSql, psqlScript, restoreScript, type PgIdentity } from "./postgres-scripts.js";
import { startScratch, type Scratch } from "./scratch.js";

/**
 * Postgres: pg_dump in custom format (compressed, restorable table by table) from the service's
 * own image, so client and server versions match, sharing the service's network namespace, so
 * nothing needs publishing and the image's loopback trust (or its POSTGRES_PASSWORD) applies.
 */
export const postgresDriver: BackupDriver = {
  extension: () => "dump",
  backup: backupPostgres,
  drill: drillPostgres,
  restore: restorePostgres,
};

async function backupPostgres(context: DriverContext, fileName: string): Promise<DriverBackup> {
  const identity = identityOf(context);
  const partial = `${fileName}.partial`;
  const result = await runInService(context, identity, psqlScript, { BERTH_SQL: backupSql(context.target.config.compressionLevel), BERTH_OUT: `/backup/${partial}` }, "backup");
  const status = dumpStatus(result.stdout);
  // psql exits 0 whatever pg_dump did (a full disk included): pg_dump's own status decides.
  if (status === undefined) throw oneShotFailed("backup.pg-dump", `the backup session of ${context.target.service} (psql)`, result);
  if (status !== 0) throw oneShotFailed("backup.pg-dump", `pg_dump of ${context.target.service}`, { ...result, exitCode: status });
  await rename(join(context.folder, partial), join(context.folder, fileName));
  return { compressed: true, source: { ...identity }, facts: { tables: parseCountLines(result.stdout, countMarker) } };
}

async function drillPostgres(context: DriverContext, stored: StoredBackup): Promise<CheckOutcome> {
  const identity = identityFromManifest(stored);
  const scratch = await startScratch(context.engine, {
    project: context.project,
    purpose: "drill-postgres",
    image: stored.manifest.imageId,
    env: [`POSTGRES_USER=${identity.user}`, `POSTGRES_PASSWORD=${randomBytes(12).toString("hex")}`, `POSTGRES_DB=${identity.database}`],
    binds: [`${context.folder}:/backup:ro`],
  });
  try {
    await scratch.waitUntil(["pg_isready", "-h", "127.0.0.1", "-U", identity.user, "-d", identity.database], 120_000, context.signal);
    // argv, not shell text; the sha256 is checked in the scratch over the path pg_restore reads.
    const file = `/backup/${stored.manifest.artifact}`;
    const sum = await scratch.exec(["sha256sum", file], context.timeoutMs, context.signal);
    if (sum.exitCode !== 0 || sum.stdout.split(" ")[0] !== stored.manifest.sha256) return { ok: false, checks: [], error: `${stored.manifest.artifact} as the drill reads it does not match the sha256 of its manifest` };
    const restore = await scratch.exec(["pg_restore", "-h", "127.0.0.1", "-U", identity.user, "-d", identity.database, "--no-owner", "--no-acl", "--exit-on-error", "--single-transaction", file], context.timeoutMs, context.signal);
    if (restore.exitCode !== 0) return { ok: false, checks: [], error: `pg_restore of ${stored.manifest.artifact} failed (exit ${restore.exitCode}): ${restore.output.trim().split("\n").slice(-4).join(" ")}` };
    return compareCounts("rows", stored.manifest.facts.tables ?? {}, await countInScratch(scratch, identity, context));
  } finally {
    await scratch.remove();
  }
}

async function restorePostgres(context: DriverContext, stored: StoredBackup): Promise<CheckOutcome> {
  const identity = identityFromManifest(stored);
  const restored = await runInService(context, identity, restoreScript(identity), { BERTH_ARTIFACT: `/backup/${stored.manifest.artifact}`, BERTH_SHA256: stored.manifest.sha256 }, "restore");
  if (restored.exitCode !== 0 || !restored.stdout.includes("berth-restore-ok")) throw oneShotFailed("restore.pg-restore", `restoring ${stored.manifest.artifact} into ${context.target.service}`, restored);
  const counted = await runInService(context, identity, psqlScript, { BERTH_SQL: countTablesSql }, "restore");
  if (counted.exitCode !== 0) throw oneShotFailed("restore.pg-count", `counting rows in ${context.target.service}`, counted);
  return compareCounts("rows", stored.manifest.facts.tables ?? {}, parseCountLines(counted.stdout, countMarker));
}

async function countInScratch(scratch: Scratch, identity: PgIdentity, context: DriverContext): Promise<Record<string, number>> {
  const script = `printf '%s\\n' "$0" | psql -X -q -t -A -F '|' -v ON_ERROR_STOP=1 -h 127.0.0.1 -U "${identity.user}" -d "${identity.database}"`;
  const result = await scratch.exec(["sh", "-c", script, countTablesSql], context.timeoutMs, context.signal);
  if (result.exitCode !== 0) throw new OperationFailed("backup.pg-count", `counting rows in the drill failed: ${result.output.trim()}`);
  return parseCountLines(result.stdout, countMarker);
}

/** A helper from the service's image inside the service's network namespace, the backup folder at /backup. */
function runInService(context: DriverContext, identity: PgIdentity, script: string, extraEnv: Readonly<Record<string, string>>, role: HelperRole): Promise<OneShotResult> {
  const password = context.instance.env["POSTGRES_PASSWORD"];
  const env = { PGHOST: "127.0.0.1", PGPORT: context.instance.env["PGPORT"] ?? "5432", PGUSER: identity.user, PGDATABASE: identity.database, ...extraEnv };
  return runOneShot(context.engine, {
    project: context.project,
    purpose: `${role}-${context.target.service}`,
    role,
    image: context.instance.imageId,
    script,
    env: [...Object.entries(env).map(([key, value]) => `${key}=${value}`), ...(password === undefined ? [] : [`PGPASSWORD=${password}`])],
    binds: [`${context.folder}:/backup`],
    networkMode: `container:${context.instance.id}`,
    ...(context.fileOwner === undefined ? {} : { user: context.fileOwner }),
    timeoutMs: context.timeoutMs,
    ...(context.signal === undefined ? {} : { signal: context.signal }),
  });
}

function identityOf(context: DriverContext): PgIdentity {
  const user = context.target.config.user ?? context.instance.env["POSTGRES_USER"] ?? "postgres";
  const database = context.target.config.database ?? context.instance.env["POSTGRES_DB"] ?? user;
  return { user: checkIdentifier("user", user), database: checkIdentifier("database", database) };
}

function identityFromManifest(stored: StoredBackup): PgIdentity {
  const { user, database } = stored.manifest.source;
  if (user === undefined || database === undefined) throw new OperationFailed("backup.manifest", `${stored.manifestPath} does not say which database it holds`);
  return { user: checkIdentifier("user", user), database: checkIdentifier("database", database) };
}
