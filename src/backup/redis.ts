import { rename } from "node:fs/promises";
import { join } from "node:path";
import { OperationFailed } from "../common/errors.js";
import type { StoredBackup } from "./backup-store.js";
import { compareCounts } from "./compare-facts.js";
import type { BackupDriver, CheckOutcome, DriverBackup, DriverContext } from "./driver.js";
import { oneShotFailed, runOneShot } from "./one-shot.js";
import { startScratch } from "./scratch.js";

const dataDir = "/data";

/**
 * Redis: `redis-cli --rdb` asks the server for the RDB it would send a replica, a consistent
 * point-in-time snapshot streamed straight into the backup folder, without touching the
 * server's own dump.rdb. Key counts are read just before and just after, so the drill knows the
 * range the snapshot's count must fall in while the app keeps writing.
 */
export const redisDriver: BackupDriver = {
  extension: () => "rdb",
  backup: backupRedis,
  drill: drillRedis,
  restore: restoreRedis,
};

async function backupRedis(context: DriverContext, fileName: string): Promise<DriverBackup> {
  const partial = `${fileName}.partial`;
  const before = await liveKeyCounts(context);
  const result = await runOneShot(context.engine, {
    project: context.project,
    purpose: `backup-${context.target.service}`,
    image: context.instance.imageId,
    script: `redis-cli -h 127.0.0.1 -p "${portOf(context)}" --rdb "/backup/${partial}"`,
    env: authEnv(context),
    binds: [`${context.folder}:/backup`],
    networkMode: `container:${context.instance.id}`,
    ...(context.fileOwner === undefined ? {} : { user: context.fileOwner }),
    timeoutMs: context.timeoutMs,
    ...(context.signal === undefined ? {} : { signal: context.signal }),
  });
  if (result.exitCode !== 0) throw oneShotFailed("backup.redis-rdb", `redis-cli --rdb of ${context.target.service}`, result);
  const after = await liveKeyCounts(context);
  await rename(join(context.folder, partial), join(context.folder, fileName));
  return { compressed: false, source: { port: portOf(context) }, facts: { keys: before, keysAfter: after } };
}

async function drillRedis(context: DriverContext, stored: StoredBackup): Promise<CheckOutcome> {
  const scratch = await startScratch(context.engine, {
    project: context.project,
    purpose: "drill-redis",
    image: stored.manifest.imageId,
    entrypoint: ["/bin/sh", "-c"],
    cmd: [`mkdir -p /tmp/drill && cp "/backup/${stored.manifest.artifact}" /tmp/drill/dump.rdb && exec redis-server --dir /tmp/drill --dbfilename dump.rdb --appendonly no --save "" --port 6379 --protected-mode no`],
    binds: [`${context.folder}:/backup:ro`],
  });
  try {
    // PING answers LOADING while the RDB is read: ready means loaded. A broken RDB kills the server.
    await scratch.waitUntil(["sh", "-c", `[ "$(redis-cli -p 6379 ping)" = PONG ]`], 120_000, context.signal);
    const info = await scratch.exec(["redis-cli", "-p", "6379", "info", "keyspace"], 30_000, context.signal);
    return compareKeys(stored, parseKeyspace(info.stdout));
  } catch (error) {
    if (error instanceof OperationFailed) return { ok: false, checks: [], error: `the RDB did not load: ${error.message}` };
    throw error;
  } finally {
    await scratch.remove();
  }
}

/**
 * Stops the server, puts the RDB in its data volume and starts it again. With AOF on, Redis 7
 * loads the AOF and ignores dump.rdb, so the RDB becomes the base of a fresh multi-part AOF
 * (the old AOF folder is moved aside, never deleted).
 */
async function restoreRedis(context: DriverContext, stored: StoredBackup): Promise<CheckOutcome> {
  const volume = context.instance.details.Mounts.find((mount) => mount.Destination === dataDir && mount.Type === "volume");
  if (volume?.Name === undefined) throw new OperationFailed("restore.redis-volume", `${context.target.service} keeps no named volume at ${dataDir}: there is nothing to restore into`);
  const aof = await aofLayout(context);
  await context.engine.stopContainer(context.instance.id, { timeoutSeconds: 10 });
  const result = await runOneShot(context.engine, {
    project: context.project,
    purpose: `restore-${context.target.service}`,
    image: context.instance.imageId,
    script: restoreScript(stored.manifest.artifact, aof, Date.now()),
    binds: [`${context.folder}:/backup:ro`, `${volume.Name}:/data`],
    user: "0:0",
    timeoutMs: context.timeoutMs,
  });
  await context.engine.startContainer(context.instance.id);
  if (result.exitCode !== 0) throw oneShotFailed("restore.redis-copy", `copying the RDB into ${context.target.service}`, result);
  await waitForPong(context);
  return compareKeys(stored, await liveKeyCounts(context));
}

interface AofLayout {
  readonly dir: string;
  readonly file: string;
}

/** The server's AOF folder and file name when AOF is on (asked before stopping it). */
async function aofLayout(context: DriverContext): Promise<AofLayout | undefined> {
  const ask = async (key: string) => {
    const result = await context.engine.exec(context.instance.id, { command: ["redis-cli", "-p", portOf(context), "config", "get", key], env: authEnv(context), timeoutMs: 10_000 });
    return result.stdout.trim().split("\n")[1]?.trim();
  };
  if ((await ask("appendonly")) !== "yes") return undefined;
  return { dir: (await ask("appenddirname")) || "appendonlydir", file: (await ask("appendfilename")) || "appendonly.aof" };
}

export function restoreScript(artifact: string, aof: AofLayout | undefined, stamp: number): string {
  const lines = ["set -eu", `owner="$(stat -c %u:%g /data)"`, `cp "/backup/${artifact}" /data/dump.rdb.tmp`, "mv /data/dump.rdb.tmp /data/dump.rdb"];
  if (aof !== undefined) {
    const dir = `/data/${aof.dir}`;
    const base = `${aof.file}.1.base.rdb`;
    lines.push(`[ ! -e "${dir}" ] || mv "${dir}" "${dir}.before-restore-${stamp}"`, `mkdir "${dir}"`, `cp /data/dump.rdb "${dir}/${base}"`);
    lines.push(`printf 'file %s seq 1 type b\\n' "${base}" > "${dir}/${aof.file}.manifest"`);
  }
  lines.push(`chown -R "$owner" /data`);
  return lines.join("\n");
}

function compareKeys(stored: StoredBackup, actual: Record<string, number>): CheckOutcome {
  const facts = stored.manifest.facts;
  return compareCounts("keys", facts.keys ?? {}, actual, facts.keysAfter ?? facts.keys ?? {});
}

async function liveKeyCounts(context: DriverContext): Promise<Record<string, number>> {
  const result = await context.engine.exec(context.instance.id, { command: ["redis-cli", "-p", portOf(context), "info", "keyspace"], env: authEnv(context), timeoutMs: 30_000 });
  if (result.exitCode !== 0) throw new OperationFailed("backup.redis-info", `redis-cli info keyspace in ${context.target.service} failed: ${result.output.trim()}`);
  return parseKeyspace(result.stdout);
}

async function waitForPong(context: DriverContext): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const result = await context.engine.exec(context.instance.id, { command: ["redis-cli", "-p", portOf(context), "ping"], env: authEnv(context), timeoutMs: 5_000 }).catch(() => undefined);
    if (result?.stdout.trim() === "PONG") return;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new OperationFailed("restore.redis-start", `${context.target.service} did not answer PING within 60 s after the restore`);
}

/** `db0:keys=12,expires=0,avg_ttl=0` lines → `{ db0: 12 }`. */
export function parseKeyspace(info: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const match of info.matchAll(/^(db\d+):keys=(\d+)/gm)) counts[match[1] as string] = Number(match[2]);
  return counts;
}

function portOf(context: DriverContext): string {
  return context.instance.env["REDIS_PORT"] ?? "6379";
}

/** redis-cli reads REDISCLI_AUTH, so a password never appears on a command line. */
function authEnv(context: DriverContext): string[] {
  const password = context.instance.env["REDIS_PASSWORD"];
  return password === undefined || password === "" ? [] : [`REDISCLI_AUTH=${password}`];
}
