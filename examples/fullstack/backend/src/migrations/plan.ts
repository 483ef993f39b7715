import type { MigrationFile } from "./files.js";

/** A row of schema_migrations: what the migrate job recorded. */
export interface AppliedMigration {
  version: string;
  name: string;
  checksum: string;
}

export interface MigrationPlan {
  pending: MigrationFile[];
  /** Applied, but the file's content changed since: never re-applied silently. */
  changed: MigrationFile[];
  /** Recorded in the database, but no file has that version (a newer image ran before?). */
  unknown: AppliedMigration[];
}

export function planMigrations(
  files: readonly MigrationFile[],
  applied: readonly AppliedMigration[],
): MigrationPlan {
  const byVersion = new Map(applied.map((row) => [Number(row.version), row]));
  const fileVersions = new Set(files.map((file) => Number(file.version)));
  return {
    pending: files.filter((file) => !byVersion.has(Number(file.version))),
    changed: files.filter((file) => {
      const row = byVersion.get(Number(file.version));
      return row !== undefined && row.checksum !== file.checksum;
    }),
    unknown: applied.filter((row) => !fileVersions.has(Number(row.version))),
  };
}

/** Why the app must not start on this schema, or null when every file is applied unchanged. */
export function schemaProblem(plan: MigrationPlan): string | null {
  const problems: string[] = [];
  if (plan.pending.length > 0) {
    problems.push(`not applied: ${plan.pending.map((file) => file.name).join(", ")}`);
  }
  if (plan.changed.length > 0) {
    problems.push(`changed after being applied: ${plan.changed.map((file) => file.name).join(", ")}`);
  }
  if (problems.length === 0) return null;
  return `database schema is not current (${problems.join("; ")}); run the migrate job first`;
}

/** Problems that stop the migrate job itself: it never rewrites history. */
export function migrationConflict(plan: MigrationPlan): string | null {
  if (plan.changed.length > 0) {
    const names = plan.changed.map((file) => file.name).join(", ");
    return `applied migrations were edited: ${names}; add a new migration instead of changing an applied one`;
  }
  return null;
}
