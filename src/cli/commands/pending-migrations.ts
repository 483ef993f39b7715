import type { Project } from "../../compose/model/project.js";
import type { Engine } from "../../engine/engine.js";
import { migrateSettings, type MigrateSettings } from "../../migrate/migrate-config.js";
import { readMigrationFiles } from "../../migrate/migration-files.js";
import type { MigrationStatus } from "../../migrate/migration-status.js";
import { readMigrationStatus } from "../../migrate/read-migration-status.js";

/** The line `up` and `verify` print when the database is behind its migrations folder; none when it is not. */
export function pendingMigrationsLine(status: MigrationStatus, settings: MigrateSettings): string | undefined {
  const parts = [
    status.pending.length > 0 ? `${status.pending.length} migration(s) pending on ${settings.service}: ${status.pending.join(", ")}; berth migrate applies them` : "",
    status.changed.length > 0 ? `${status.changed.join(", ")} changed since applied (berth migrate refuses)` : "",
  ].filter(Boolean);
  return parts.length === 0 ? undefined : `warning: ${parts.join("; ")}\n`;
}

/**
 * After `up` or `verify`: when the project has migrations (`x-berth.migrate`, or a `migrations/`
 * folder with one Postgres service), reads where they stand (a read-only psql session, as
 * `migrate --status`) and says whether some are pending. Berth's advice, never a verdict: a project
 * without migrations, or a status that cannot be read, prints nothing or one note.
 */
export async function pendingMigrationsNote(engine: Engine, project: Project, cwd: string, signal: AbortSignal): Promise<string | undefined> {
  let settings: MigrateSettings;
  try {
    settings = migrateSettings(project, { cwd });
    if ((await readMigrationFiles(settings.dir)).length === 0) return undefined;
  } catch {
    return undefined;
  }
  try {
    const status = await readMigrationStatus({ engine, project: project.name, settings, timeoutMs: 30_000, signal });
    return pendingMigrationsLine(status, settings);
  } catch (error) {
    return `note: could not tell whether migrations are pending on ${settings.service}: ${error instanceof Error ? error.message : String(error)}\n`;
  }
}
