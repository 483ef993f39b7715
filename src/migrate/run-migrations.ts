import { OperationFailed } from "../common/errors.js";
import type { Engine } from "../engine/engine.js";
import { oneShotFailed, runOneShot, type OneShotResult } from "../backup/one-shot.js";
import { checkIdentifier } from "../backup/postgres-scripts.js";
import { findServiceInstance } from "../backup/service-instance.js";
import type { MigrateSettings } from "./migrate-config.js";
import { migrateSql, migrationsTable, parseMigrateOutput } from "./migrate-script.js";
import { readMigrationFiles, type MigrationFile } from "./migration-files.js";

export interface MigrateOptions {
  readonly engine: Engine;
  readonly project: string;
  readonly settings: MigrateSettings;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

export interface MigrateResult {
  readonly files: readonly MigrationFile[];
  /** Applied by this run, in order. */
  readonly applied: readonly string[];
}

/**
 * Applies pending migrations as a one-shot job: psql from the database service's own image
 * (client and server versions match), in the service's network namespace (nothing published,
 * loopback auth of the image or its POSTGRES_PASSWORD), the folder mounted read-only.
 */
export async function runMigrations(options: MigrateOptions): Promise<MigrateResult> {
  const files = await readMigrationFiles(options.settings.dir);
  const result = await runPsqlJob(options, migrateSql(files));
  const output = parseMigrateOutput(result.stdout);
  if (output.changed.length > 0) throw changedError(output.changed, options.settings.dir);
  if (result.exitCode !== 0) throw oneShotFailed("migrate.failed", `migrating ${options.settings.service} from ${options.settings.dir}${output.applied.length > 0 ? ` (applied first: ${output.applied.join(", ")})` : ""}`, result, "the failing file was rolled back; fix it and run berth migrate again");
  return { files, applied: output.applied };
}

/**
 * Runs one psql session as a one-shot job: psql from the database service's own image (client and
 * server versions match), in the service's network namespace (nothing published, loopback auth
 * of the image or its POSTGRES_PASSWORD), the migrations folder mounted read-only.
 */
export async function runPsqlJob(options: MigrateOptions, sql: string): Promise<OneShotResult> {
  const instance = await findServiceInstance(options.engine, options.project, options.settings.service);
  const user = checkIdentifier("user", options.settings.user ?? instance.env["POSTGRES_USER"] ?? "postgres");
  const database = checkIdentifier("database", options.settings.database ?? instance.env["POSTGRES_DB"] ?? user);
  const password = instance.env["POSTGRES_PASSWORD"];
  return runOneShot(options.engine, {
    project: options.project,
    purpose: "migrate",
    role: "migrate",
    image: instance.imageId,
    script: `printf '%s\\n' "$BERTH_SQL" | psql -X -q -t -A -F '|' -v ON_ERROR_STOP=1`,
    env: [`PGHOST=127.0.0.1`, `PGPORT=${instance.env["PGPORT"] ?? "5432"}`, `PGUSER=${user}`, `PGDATABASE=${database}`, `BERTH_SQL=${sql}`, ...(password === undefined ? [] : [`PGPASSWORD=${password}`])],
    binds: [`${options.settings.dir}:/migrations:ro`],
    networkMode: `container:${instance.id}`,
    timeoutMs: options.timeoutMs,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
}

function changedError(changed: ReturnType<typeof parseMigrateOutput>["changed"], dir: string): OperationFailed {
  const lines = changed.map((c) => `${c.name}: applied with sha256 ${c.recorded.slice(0, 12)}…, the file now has ${c.now.slice(0, 12)}…`);
  return new OperationFailed("migrate.checksum-changed", `refusing to migrate: ${changed.length} applied migration(s) in ${dir} changed since they ran:\n  ${lines.join("\n  ")}`, {
    hint: `restore the applied files as they were and put the change in a new numbered file (${migrationsTable} records what ran)`,
  });
}
