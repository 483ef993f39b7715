import type { Queryable } from "../db.js";
import type { Logger } from "../log.js";
import type { MigrationFile } from "./files.js";
import { migrationConflict, planMigrations } from "./plan.js";
import { CREATE_TABLE, MIGRATIONS_TABLE, readApplied } from "./store.js";

// Serialises concurrent migrate runs (two deploys at once) on one database.
const ADVISORY_LOCK_KEY = 7_346_110;

/**
 * Applies pending migrations in order, each in its own transaction together with its
 * schema_migrations row, so a failed file leaves neither half of itself behind.
 * Needs one dedicated connection (a pg Client), because the advisory lock is per session.
 */
export async function applyMigrations(
  db: Queryable,
  files: readonly MigrationFile[],
  log: Logger,
): Promise<MigrationFile[]> {
  await db.query("SELECT pg_advisory_lock($1)", [ADVISORY_LOCK_KEY]);
  try {
    await db.query(CREATE_TABLE);
    const plan = planMigrations(files, await readApplied(db));
    const conflict = migrationConflict(plan);
    if (conflict) throw new Error(conflict);
    for (const file of plan.pending) await applyOne(db, file, log);
    return plan.pending;
  } finally {
    await db.query("SELECT pg_advisory_unlock($1)", [ADVISORY_LOCK_KEY]);
  }
}

async function applyOne(db: Queryable, file: MigrationFile, log: Logger): Promise<void> {
  const started = Date.now();
  await db.query("BEGIN");
  try {
    await db.query(file.sql);
    await db.query(`INSERT INTO ${MIGRATIONS_TABLE} (version, name, checksum) VALUES ($1, $2, $3)`, [
      file.version,
      file.name,
      file.checksum,
    ]);
    await db.query("COMMIT");
  } catch (error) {
    await db.query("ROLLBACK");
    throw new Error(`migration ${file.name} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  log.info("migration applied", { name: file.name, ms: Date.now() - started });
}
