import { migrationsTable } from "./migrate-script.js";
import type { MigrationFile } from "./migration-files.js";

/** Where each migration stands: applied as it is now, pending, or applied and changed since. */
export interface MigrationStatus {
  readonly applied: readonly string[];
  readonly pending: readonly string[];
  readonly changed: readonly string[];
  /** Recorded as applied, but no longer in the folder. */
  readonly missing: readonly string[];
}

/**
 * A read-only psql session for `migrate --status` and `--dry-run`: the records of applied
 * migrations as `berth-record|name|checksum` lines, nothing when the record table does not exist
 * yet. Creates nothing, takes no lock.
 */
export function statusSql(): string {
  return [
    "\\set ON_ERROR_STOP on",
    `SELECT to_regclass('${migrationsTable}') IS NOT NULL AS berth_has_table \\gset`,
    "\\if :berth_has_table",
    `SELECT 'berth-record', name, checksum FROM ${migrationsTable} ORDER BY name;`,
    "\\endif",
  ].join("\n");
}

/** Compares the records the session printed with the files in the folder, in the folder's order. */
export function migrationStatus(stdout: string, files: readonly MigrationFile[]): MigrationStatus {
  const recorded = new Map(
    stdout
      .split("\n")
      .map((line) => line.trim().split("|"))
      .filter((row) => row[0] === "berth-record")
      .map((row) => [row[1] ?? "", row[2] ?? ""] as const),
  );
  const names = new Set(files.map((file) => file.name));
  return {
    applied: files.filter((file) => recorded.get(file.name) === file.sha256).map((file) => file.name),
    pending: files.filter((file) => !recorded.has(file.name)).map((file) => file.name),
    changed: files.filter((file) => recorded.has(file.name) && recorded.get(file.name) !== file.sha256).map((file) => file.name),
    missing: [...recorded.keys()].filter((name) => !names.has(name)).sort(),
  };
}
