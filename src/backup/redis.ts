import { rename } from "node:fs/promises";
import { join } from "node:path";
import { OperationFailed } from "../common/errors.js";
import type { StoredBackup } from "./backup-store.js";
import { compareCounts } from "./compare-facts.js";
import type { BackupDriver, CheckOutcome, DriverBackup, DriverContext } from "./driver.js";
import { oneShotFailed, runOneShot, type HelperRole } from "./one-shot.js";
import { redisPassword } from "./redis-auth.js";
import { keptName, notPutBack, redisCommitScript, redisScriptEnv, redisSwapScript, redisUndoScript } from "./redis-scripts.js";
import { startScratch } from "./scratch.js";
import { startRecorded, stopRecorded } from "./stop-ledger.js";

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
    role: "backup",
    image: context.instance.imageId,
    script: `redis-cli -h 127.0.0.1 -p "$BERTH_PORT" --rdb "$BERTH_OUT"`,
    env: [...authEnv(context), `BERTH_PORT=${portOf(context)}`, `BERTH_OUT=/backup/${partial}`],
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
    env: redisScriptEnv({ artifact: `/backup/${stored.manifest.artifact}`, sha256: stored.manifest.sha256 }),
    entrypoint: ["/bin/sh", "-c"],
    // The checksum is taken over the copy the scratch server then loads.
    cmd: [`mkdir -p /tmp/drill && cp "$BERTH_ARTIFACT" /tmp/drill/dump.rdb && [ "$(sha256sum < /tmp/drill/dump.rdb | cut -d' ' -f1)" = "$BERTH_SHA256" ] && exec redis-server --dir /tmp/drill --dbfilename dump.rdb --appendonly no --save "" --port 6379 --protected-mode no`],
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
 * All or nothing: the RDB must first load in a scratch server (the drill), so a damaged file
 * that passes the checksum never reaches the live one. Then the server is stopped, the RDB put
 * in place beside the kept previous data (with AOF on, as the base of a fresh multi-part AOF:
 * Redis 7 ignores dump.rdb when AOF is on), and the server started. Only when it answers with
 * the key counts of the backup is the previous data dropped; otherwise it is put back.
 */
async function restoreRedis(context: DriverContext, stored: StoredBackup): Promise<CheckOutcome> {
  const volume = context.instance.details.Mounts.find((mount) => mount.Destination === dataDir && mount.Type === "volume");
  if (volume?.Name === undefined) throw new OperationFailed("restore.redis-volume", `${context.target.service} keeps no named volume at ${dataDir}: there is nothing to restore into`);
  const proof = await drillRedis(context, stored);
  if (!proof.ok) throw new OperationFailed("restore.redis-unproven", `refusing to restore ${stored.manifest.artifact}: ${proof.error ?? proof.checks.join("; ")}`, { hint: "the live data was not touched; pick another backup: berth backup --list" });
  const aof = await aofLayout(context);
  const env = redisScriptEnv({ artifact: `/backup/${stored.manifest.artifact}`, sha256: stored.manifest.sha256, ...(aof === undefined ? {} : { aof }) });
  const inVolume = (role: HelperRole, script: string) => runOneShot(context.engine, {
    project: context.project,
    purpose: `restore-${context.target.service}`,
    role,
    image: context.instance.imageId,
    script,
    env,
    binds: [`${context.folder}:/backup:ro`, `${volume.Name}:/data`],
    networkMode: "none",
    user: "0:0",
    timeoutMs: context.timeoutMs,
  });
  const server = context.instance.details;
  await stopRecorded(context, server);
  const swapped = await inVolume("restore", redisSwapScript).catch((error: unknown) => ({ exitCode: -1, stdout: "", stderr: String(error) }));
  await startRecorded(context, server);
  if (swapped.exitCode !== 0) throw oneShotFailed("restore.redis-copy", `copying the RDB into ${context.target.service}`, swapped, swapFailureHint(swapped, volume.Name));
  const outcome = await waitForPong(context).then(async () => compareKeys(stored, await liveKeyCounts(context))).catch((error: unknown) => ({ ok: false, checks: [], error: (error as Error).message }));
  if (!outcome.ok) {
    await stopRecorded(context, server);
    const undone = await inVolume("restore", redisUndoScript);
    await startRecorded(context, server);
    if (undone.exitCode !== 0) throw oneShotFailed("restore.redis-undo", `putting the previous data of ${context.target.service} back`, undone, `the previous data is in ${keptName} of volume ${volume.Name}`);
    throw new OperationFailed("restore.redis-mismatch", `the restored data of ${context.target.service} did not come up as backed up (${outcome.error ?? outcome.checks.join("; ")}); the previous data is back`);
  }
  await inVolume("restore", redisCommitScript);
  return outcome;
}

/** What a failed swap left: nothing changed, the previous data kept aside, or an earlier restore's kept data in the way. */
function swapFailureHint(swapped: { exitCode: number; stderr: string }, volume: string): string {
  if (swapped.exitCode === 4) return `an earlier restore was interrupted before it finished: the data it replaced is in ${keptName} of volume ${volume}; move it out of the volume (or delete it once you are sure it is not needed), then restore again`;
  if (swapped.stderr.includes(notPutBack)) return `the previous data is in ${keptName} of volume ${volume}: move its dump.rdb (and aof folder) back before the service writes new data`;
  return "the live data was not touched";
}

interface AofLayout {
  readonly dir: string;
  readonly file: string;
}

/** The server's AOF folder and file name when AOF is on (asked before stopping it); plain names only. */
async function aofLayout(context: DriverContext): Promise<AofLayout | undefined> {
  const ask = async (key: string) => {
    const result = await context.engine.exec(context.instance.id, { command: ["redis-cli", "-p", portOf(context), "config", "get", key], env: authEnv(context), timeoutMs: 10_000 });
    return result.stdout.trim().split("\n")[1]?.trim();
  };
  if ((await ask("appendonly")) !== "yes") return undefined;
  const layout = { dir: (await ask("appenddirname")) || "appendonlydir", file: (await ask("appendfilename")) || "appendonly.aof" };
  const plain = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,200}$/;
  if (!plain.test(layout.dir) || !plain.test(layout.file)) throw new OperationFailed("restore.redis-aof", `${context.target.service} keeps its AOF at ${layout.dir}/${layout.file}, which berth does not restore into`);
  return layout;
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
  const port = context.instance.env["REDIS_PORT"] ?? "6379";
  return /^\d{1,5}$/.test(port) ? port : "6379";
}

/** redis-cli reads REDISCLI_AUTH, so a password never appears on a command line. */
function authEnv(context: DriverContext): string[] {
  const { Entrypoint, Cmd } = context.instance.details.Config;
  const password = redisPassword([...(Entrypoint ?? []), ...(Cmd ?? [])], context.instance.env);
  return password === undefined ? [] : [`REDISCLI_AUTH=${password}`];
}
