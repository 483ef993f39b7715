import { ConfigError } from "../common/errors.js";

/** Who and what the postgres driver connects to. */
export interface PgIdentity {
  readonly user: string;
  readonly database: string;
}

export const countMarker = "berth-count";

/**
 * psql input that prints `berth-count|schema.table|rows` for every ordinary table. Exact
 * counts (not planner estimates): the drill must prove every row came back.
 */
export const countTablesSql = `SELECT format('SELECT %L, %L, count(*) FROM %I.%I', '${countMarker}', n.nspname || '.' || c.relname, n.nspname, c.relname)
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(toast|temp)'
ORDER BY 1 \\gexec`;

/**
 * The backup as one psql session: open a repeatable-read transaction, export its snapshot,
 * count rows in it, and run pg_dump on that same snapshot. The counts and the dump describe the
 * same instant, even while the app keeps writing.
 */
export function backupSql(compressionLevel?: number): string {
  const level = compressionLevel === undefined ? "" : ` --compress=${compressionLevel}`;
  return [
    "\\set ON_ERROR_STOP on",
    "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY;",
    "SELECT pg_export_snapshot() AS berth_snapshot \\gset",
    "\\setenv BERTH_SNAPSHOT :berth_snapshot",
    countTablesSql,
    // psql 15 does not report a \! command's status: the shell prints it for us to check.
    `\\! pg_dump --snapshot="$BERTH_SNAPSHOT" --format=custom${level} --file="$BERTH_OUT"; echo "${dumpStatusMarker}|$?"`,
    "COMMIT;",
  ].join("\n");
}

/** pg_dump's own exit status, printed by the shell: psql's `\\!` does not pass it on. */
export const dumpStatusMarker = "berth-dump-status";

/** pg_dump's exit status from the backup session's output; undefined when it never ran. */
export function dumpStatus(stdout: string): number | undefined {
  const line = stdout.split("\n").find((text) => text.startsWith(`${dumpStatusMarker}|`));
  return line === undefined ? undefined : Number(line.slice(dumpStatusMarker.length + 1));
}

/** Shell that feeds $BERTH_SQL to psql with fixed output settings. */
export const psqlScript = `printf '%s\\n' "$BERTH_SQL" | psql -X -q -t -A -F '|' -v ON_ERROR_STOP=1`;

/**
 * Restores into a new database and swaps it in only when pg_restore succeeded: a failed
 * restore leaves the live database as it was.
 */
export function restoreScript(identity: PgIdentity): string {
  const live = identity.database;
  const fresh = `${live}__berth_restore`;
  const old = `${live}__berth_old`;
  const admin = `psql -X -q -v ON_ERROR_STOP=1 -d ${maintenanceDatabase(live)}`;
  return [
    "set -eu",
    // The artifact's path and checksum come as environment variables: never as script text.
    `[ "$(sha256sum < "$BERTH_ARTIFACT" | cut -d' ' -f1)" = "$BERTH_SHA256" ] || { echo "berth: $BERTH_ARTIFACT does not match the sha256 of its manifest; the live database is untouched" >&2; exit 3; }`,
    `${admin} -c 'DROP DATABASE IF EXISTS "${fresh}"' -c 'CREATE DATABASE "${fresh}" OWNER "${identity.user}"'`,
    `if ! pg_restore --exit-on-error --single-transaction -d "${fresh}" "$BERTH_ARTIFACT"; then ${admin} -c 'DROP DATABASE IF EXISTS "${fresh}"'; echo 'berth: pg_restore failed, the live database is untouched' >&2; exit 3; fi`,
    `${admin} -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname IN ('${live}', '${old}') AND pid <> pg_backend_pid()" >/dev/null`,
    `${admin} -c 'DROP DATABASE IF EXISTS "${old}"'`,
    `if [ -n "$(psql -X -tA -d ${maintenanceDatabase(live)} -c "SELECT 1 FROM pg_database WHERE datname = '${live}'")" ]; then ${admin} -c 'ALTER DATABASE "${live}" RENAME TO "${old}"'; fi`,
    `${admin} -c 'ALTER DATABASE "${fresh}" RENAME TO "${live}"'`,
    `${admin} -c 'DROP DATABASE IF EXISTS "${old}"'`,
    "echo berth-restore-ok",
  ].join("\n");
}

/**
 * The database the restore's own session connects to. Never the live one: PostgreSQL cannot
 * rename the database a session is connected to, and `postgres` is the official image's default
 * database (only POSTGRES_PASSWORD set), so restoring it ran into "current database cannot be
 * renamed" when the session sat in `postgres` too.
 */
export function maintenanceDatabase(live: string): string {
  return live === "postgres" ? "template1" : "postgres";
}

/**
 * Database and role names go into scripts (and come back from manifests): only plain
 * identifiers are accepted, with no character the shell or SQL quoting gives a meaning to.
 */
export function checkIdentifier(kind: string, value: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_-]{0,62}$/.test(value)) return value;
  throw new ConfigError("backup.identifier", `postgres ${kind} "${value}" has characters berth does not put in a script`, {
    hint: `set x-berth.backup.${kind} to a plain name (letters, digits, _ and -)`,
  });
}
