import type { MigrationFile } from "./migration-files.js";

/** The table that records applied migrations. */
export const migrationsTable = "berth_migrations";

/**
 * One psql session that does the whole run: take a session advisory lock (a second runner
 * waits here, then finds nothing left to do), create the record table, refuse if any applied
 * file changed, then apply each pending file in a transaction of its own together with its
 * record. Prints `berth-changed|name|recorded|now` and `berth-applied|name` lines.
 */
export function migrateSql(files: readonly MigrationFile[]): string {
  const values = files.map((file, index) => `(${index}, '${file.name}', '${file.sha256}')`).join(",\n  ");
  return [
    "\\set ON_ERROR_STOP on",
    `SELECT pg_advisory_lock(hashtext('${migrationsTable}')) \\g /dev/null`,
    `CREATE TABLE IF NOT EXISTS ${migrationsTable} (name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());`,
    "CREATE TEMP TABLE berth_files (pos int, name text, checksum text);",
    ...(files.length === 0 ? [] : [`INSERT INTO berth_files VALUES\n  ${values};`]),
    `SELECT 'berth-changed', m.name, m.checksum, f.checksum FROM ${migrationsTable} m JOIN berth_files f USING (name) WHERE m.checksum <> f.checksum ORDER BY f.pos;`,
    `DO $$ BEGIN IF EXISTS (SELECT 1 FROM ${migrationsTable} m JOIN berth_files f USING (name) WHERE m.checksum <> f.checksum) THEN RAISE EXCEPTION 'berth: applied migrations changed since they ran'; END IF; END $$;`,
    ...files.map(applyOne),
    `SELECT pg_advisory_unlock(hashtext('${migrationsTable}')) \\g /dev/null`,
  ].join("\n");
}

function applyOne(file: MigrationFile): string {
  return [
    `SELECT NOT EXISTS (SELECT 1 FROM ${migrationsTable} WHERE name = '${file.name}') AS berth_pending \\gset`,
    "\\if :berth_pending",
    "BEGIN;",
    `\\i '/migrations/${file.name}'`,
    `INSERT INTO ${migrationsTable} (name, checksum) VALUES ('${file.name}', '${file.sha256}');`,
    "COMMIT;",
    `\\echo berth-applied|${file.name}`,
    "\\endif",
  ].join("\n");
}

/** What the session printed, read back. */
export interface MigrateOutput {
  readonly applied: readonly string[];
  readonly changed: readonly { readonly name: string; readonly recorded: string; readonly now: string }[];
}

export function parseMigrateOutput(stdout: string): MigrateOutput {
  const rows = stdout.split("\n").map((line) => line.trim().split("|"));
  return {
    applied: rows.filter((row) => row[0] === "berth-applied").map((row) => row[1] ?? ""),
    changed: rows.filter((row) => row[0] === "berth-changed").map((row) => ({ name: row[1] ?? "", recorded: row[2] ?? "", now: row[3] ?? "" })),
  };
}
