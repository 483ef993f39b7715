import { createHash } from "node:crypto";
import { countTablesSql, psqlScript, restoreScript, type PgIdentity } from "./postgres-scripts.js";

/**
 * Shell run by the one-shot job services of a Swarm backup, drill and restore. Values arrive as
 * environment variables, never as script text. A job cannot hand berth a file: the artifact
 * leaves the node as base64 lines in the job's output (read through the manager as service
 * logs) and comes back to a node as Swarm secrets, at /run/secrets/berth-in-NNNN (src/swarm/backup-job.ts).
 */

export const artifactMarker = "berth-artifact";
const beginMarker = "berth-artifact-begin";
const endMarker = "berth-artifact-end";

/** Where the jobs keep the artifact inside their container. */
const artifactPath = "/tmp/berth-artifact";

/** Prints the artifact at $BERTH_OUT: its size and sha256, then the artifact as base64 between markers. */
export const printArtifact = [
  `echo "${artifactMarker}|$(stat -c %s "$BERTH_OUT")|$(sha256sum < "$BERTH_OUT" | cut -d' ' -f1)"`,
  `echo ${beginMarker}`,
  `base64 -w 76 "$BERTH_OUT"`,
  `echo ${endMarker}`,
].join("\n");

/**
 * The backup job: the one-host backup session (snapshot, row counts, pg_dump on the snapshot)
 * against the live server over the stack's network, then the dump on stdout. Needs BERTH_SQL
 * (backupSql), BERTH_OUT and the PG* variables.
 */
export const postgresBackupJob = [`${psqlScript}`, `[ ! -s "$BERTH_OUT" ] || { ${printArtifact.split("\n").join("; ")}; }`].join("\n");

/** Puts the artifact together from the secrets it came as (berth-in-0000, -0001, ...) at /tmp/berth-artifact, checked against BERTH_SHA256. */
export const assembleArtifact = [
  `cat /run/secrets/berth-in-* > ${artifactPath}`,
  `[ "$(sha256sum < ${artifactPath} | cut -d' ' -f1)" = "$BERTH_SHA256" ] || { echo "berth: the artifact as the job received it does not match the sha256 of its manifest" >&2; exit 3; }`,
].join("\n");

/**
 * The drill job: a scratch Postgres from the same image inside the job's own container (only
 * loopback), the dump restored into it, every table counted. Needs POSTGRES_USER, POSTGRES_DB, a
 * throwaway POSTGRES_PASSWORD (also as PGPASSWORD), BERTH_SHA256 and BERTH_SQL (countTablesSql).
 */
export const postgresDrillJob = [
  "set -eu",
  assembleArtifact,
  "export PGDATA=/tmp/berth-pgdata",
  "docker-entrypoint.sh postgres >/tmp/berth-postgres.log 2>&1 &",
  // The image's first start runs a temporary server on the socket only: 127.0.0.1 answers once the real one runs.
  `i=0; until pg_isready -q -h 127.0.0.1 -U "$POSTGRES_USER" -d "$POSTGRES_DB"; do i=$((i+1)); [ $i -lt 480 ] || { echo "berth: the scratch postgres did not start within 240 s" >&2; tail -20 /tmp/berth-postgres.log >&2; exit 4; }; sleep 0.5; done`,
  `pg_restore -h 127.0.0.1 -U "$POSTGRES_USER" -d "$POSTGRES_DB" --no-owner --no-acl --exit-on-error --single-transaction ${artifactPath} || { echo "berth: pg_restore into the scratch postgres failed" >&2; exit 5; }`,
  `printf '%s\\n' "$BERTH_SQL" | psql -X -q -t -A -F '|' -v ON_ERROR_STOP=1 -h 127.0.0.1 -U "$POSTGRES_USER" -d "$POSTGRES_DB"`,
].join("\n");

/**
 * The restore job: the one-host restore (into a new database, swapped in by renames only when
 * pg_restore succeeded) against the live server over the stack's network, then every table
 * counted. Needs BERTH_SHA256, BERTH_SQL (countTablesSql) and the PG* variables.
 */
export const postgresRestoreJob = ["set -eu", assembleArtifact, `export BERTH_ARTIFACT=${artifactPath}`, `sh -c "$BERTH_RESTORE"`, psqlScript].join("\n");

/** The environment of the restore job's script (restoreScript runs as its own shell). */
export function restoreJobEnv(identity: PgIdentity, sha256: string): Record<string, string> {
  return { BERTH_RESTORE: restoreScript(identity), BERTH_SHA256: sha256, BERTH_SQL: countTablesSql };
}

/** What a backup job's output says the artifact is, and its bytes. */
export type JobArtifact = { readonly ok: true; readonly bytes: Buffer; readonly sha256: string } | { readonly ok: false; readonly reason: string };

/**
 * The artifact from a backup job's stdout: the base64 lines between the markers, decoded and
 * checked against the size and sha256 the job computed on the node. Anything lost or altered on
 * the way through the log driver and the manager shows as a mismatch.
 */
export function parseJobArtifact(stdout: string): JobArtifact {
  const lines = stdout.split("\n").map((line) => line.replace(/\r$/, ""));
  const header = lines.find((line) => line.startsWith(`${artifactMarker}|`));
  const begin = lines.indexOf(beginMarker);
  const end = lines.indexOf(endMarker, begin + 1);
  if (header === undefined || begin < 0 || end < 0) return { ok: false, reason: "the job's output has no complete artifact (its markers are missing)" };
  const [, size = "", sha256 = ""] = header.split("|");
  const bytes = Buffer.from(lines.slice(begin + 1, end).join(""), "base64");
  const found = createHash("sha256").update(bytes).digest("hex");
  if (bytes.length !== Number(size)) return { ok: false, reason: `${bytes.length} bytes arrived through the service logs, the node wrote ${size}` };
  if (found !== sha256) return { ok: false, reason: `the bytes that arrived through the service logs have sha256 ${found.slice(0, 12)}…, the node's copy ${sha256.slice(0, 12)}…` };
  return { ok: true, bytes, sha256 };
}

/** A job's output without the artifact's base64 lines: what error messages may quote. */
export function withoutArtifact(stdout: string): string {
  const lines = stdout.split("\n");
  const begin = lines.indexOf(beginMarker);
  const end = lines.indexOf(endMarker, begin + 1);
  return begin < 0 ? stdout : [...lines.slice(0, begin), ...(end < 0 ? [] : lines.slice(end + 1))].join("\n");
}
