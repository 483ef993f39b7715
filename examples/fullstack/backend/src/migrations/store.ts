import type { Queryable } from "../db.js";
import type { AppliedMigration } from "./plan.js";

export const MIGRATIONS_TABLE = "schema_migrations";

export const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (
  version    text PRIMARY KEY,
  name       text NOT NULL,
  checksum   text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;

/** The recorded migrations; none when the table does not exist yet (a fresh database). */
export async function readApplied(db: Queryable): Promise<AppliedMigration[]> {
  const exists = await db.query<{ table: string | null }>("SELECT to_regclass($1)::text AS table", [
    MIGRATIONS_TABLE,
  ]);
  if (!exists.rows[0]?.table) return [];
  const result = await db.query<AppliedMigration>(
    `SELECT version, name, checksum FROM ${MIGRATIONS_TABLE} ORDER BY version`,
  );
  return result.rows;
}
