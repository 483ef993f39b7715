import { compareCounts } from "./compare-facts.js";
import type { CheckOutcome } from "./driver.js";
import type { BackupFacts, BackupManifest } from "./manifest.js";
import { parseKeyspace } from "./redis.js";
import { redisPassword } from "./redis-auth.js";
import type { DatastoreOnNode } from "./swarm-jobs.js";
import { jobFailed, type SwarmArtifact } from "./swarm-postgres.js";
import { assembleArtifact, parseJobArtifact, printArtifact } from "./swarm-scripts.js";

const beforeMarker = "berth-keys-before";
const afterMarker = "berth-keys-after";

/**
 * The backup job: key counts, `redis-cli --rdb` (the snapshot a replica gets, the server's own
 * dump.rdb untouched), key counts again, then the RDB printed. As on one host, the counts before
 * and after bracket the snapshot's. Needs BERTH_HOST, BERTH_PORT, BERTH_OUT and REDISCLI_AUTH when set.
 */
export const redisBackupJob = [
  "set -eu",
  `echo ${beforeMarker}`,
  `redis-cli -h "$BERTH_HOST" -p "$BERTH_PORT" info keyspace`,
  `redis-cli -h "$BERTH_HOST" -p "$BERTH_PORT" --rdb "$BERTH_OUT" >&2`,
  `echo ${afterMarker}`,
  `redis-cli -h "$BERTH_HOST" -p "$BERTH_PORT" info keyspace`,
  printArtifact,
].join("\n");

/** The drill job: a scratch redis-server of the same image inside the job's container loads the RDB (loopback only) and counts keys. */
export const redisDrillJob = [
  "set -eu",
  assembleArtifact,
  "mkdir -p /tmp/berth-drill && cp /tmp/berth-artifact /tmp/berth-drill/dump.rdb",
  `redis-server --dir /tmp/berth-drill --dbfilename dump.rdb --appendonly no --save "" --bind 127.0.0.1 --port 6379 --daemonize yes --logfile /tmp/berth-redis.log`,
  // PING answers LOADING while the RDB is read: PONG means loaded. A broken RDB ends the server.
  `i=0; until [ "$(redis-cli -p 6379 ping 2>/dev/null)" = PONG ]; do i=$((i+1)); [ $i -lt 240 ] || { echo "berth: the scratch redis did not load the RDB within 120 s" >&2; tail -20 /tmp/berth-redis.log >&2; exit 4; }; sleep 0.5; done`,
  "redis-cli -p 6379 info keyspace",
].join("\n");

/** The key counts of the section after a marker line, up to the next marker. */
function keysAfterMarker(output: string, marker: string): Record<string, number> {
  // redis-cli ends INFO lines with CRLF; the log driver may keep the CR.
  const stdout = output.replace(/\r/g, "");
  const start = stdout.indexOf(`${marker}\n`);
  if (start < 0) return {};
  const rest = stdout.slice(start + marker.length + 1);
  const end = rest.search(/^berth-/m);
  return parseKeyspace(end < 0 ? rest : rest.slice(0, end));
}

/** The backup: a job on the datastore's network reads the RDB from the live server and prints it; berth checks what arrived. */
export async function dumpRedisOnSwarm(datastore: DatastoreOnNode): Promise<SwarmArtifact> {
  const port = /^\d{1,5}$/.test(datastore.env["REDIS_PORT"] ?? "") ? (datastore.env["REDIS_PORT"] as string) : "6379";
  const password = redisPassword(datastore.command, datastore.env);
  const env = { BERTH_HOST: `tasks.${datastore.fullName}`, BERTH_PORT: port, BERTH_OUT: "/tmp/berth-artifact", ...(password === undefined ? {} : { REDISCLI_AUTH: password }) };
  const result = await datastore.run({ role: "backup", script: redisBackupJob, env, network: true });
  if (result.exitCode !== 0) throw jobFailed("backup.redis-rdb", `redis-cli --rdb of ${datastore.service} on ${datastore.nodeName}`, result);
  const artifact = parseJobArtifact(result.stdout);
  if (!artifact.ok) throw jobFailed("backup.transfer", `the RDB of ${datastore.service} from ${datastore.nodeName} (${artifact.reason})`, result);
  const facts: BackupFacts = { keys: keysAfterMarker(result.stdout, beforeMarker), keysAfter: keysAfterMarker(result.stdout, afterMarker) };
  return { bytes: artifact.bytes, extension: "rdb", compressed: false, source: { port }, facts };
}

/** The drill: a job on the node loads the RDB into a scratch redis-server of the same image and counts keys per database. */
export async function drillRedisOnSwarm(datastore: DatastoreOnNode, manifest: BackupManifest, bytes: Buffer): Promise<CheckOutcome> {
  const result = await datastore.run({ role: "drill", script: redisDrillJob, env: { BERTH_SHA256: manifest.sha256 }, input: bytes, network: false });
  if (result.exitCode !== 0) return { ok: false, checks: [], error: jobFailed("backup.drill", `the drill on ${datastore.nodeName}`, result).message };
  const outcome = compareCounts("keys", manifest.facts.keys ?? {}, parseKeyspace(result.stdout), manifest.facts.keysAfter ?? manifest.facts.keys ?? {});
  return { ...outcome, checks: [`loaded into a scratch ${manifest.image} on ${datastore.nodeName}`, ...outcome.checks] };
}
