import { OperationFailed } from "../common/errors.js";
import { readMigrationFiles } from "./migration-files.js";
import { migrationStatus, statusSql, type MigrationStatus } from "./migration-status.js";
import { runPsqlJob, type MigrateOptions } from "./run-migrations.js";

/** Reads where each migration of the folder stands on the database, changing nothing. */
export async function readMigrationStatus(options: MigrateOptions): Promise<MigrationStatus> {
  const files = await readMigrationFiles(options.settings.dir);
  const result = await runPsqlJob(options, statusSql());
  if (result.exitCode !== 0) {
    throw new OperationFailed("migrate.status-failed", `reading the applied migrations of ${options.settings.service} failed (exit ${result.exitCode}): ${result.stderr.trim().slice(0, 500)}`, {
      hint: `berth ps ${options.settings.service} shows whether it runs; berth logs ${options.settings.service} shows why it refuses`,
    });
  }
  return migrationStatus(result.stdout, files);
}
