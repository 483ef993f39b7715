import { describe, expect, it } from "vitest";
import type { Queryable } from "../db.js";
import { createLogger } from "../log.js";
import { toMigration } from "./files.js";
import type { AppliedMigration } from "./plan.js";
import { applyMigrations } from "./runner.js";

/** Records every statement; answers the two reads the runner makes; fails on request. */
function recordingDb(applied: AppliedMigration[], failOn?: string) {
  const statements: string[] = [];
  const db: Queryable = {
    async query<R extends object>(text: string) {
      statements.push(text.split("\n")[0] ?? text);
      if (failOn && text === failOn) throw new Error("syntax error at or near \"BROKEN\"");
      if (text.startsWith("SELECT to_regclass")) return { rows: [{ table: "schema_migrations" }] as unknown as R[] };
      if (text.startsWith("SELECT version, name, checksum")) return { rows: applied as unknown as R[] };
      return { rows: [] };
    },
  };
  return { db, statements };
}

const log = createLogger(() => undefined);
const m1 = toMigration("001_a.sql", "CREATE TABLE a (id int);");
const m2 = toMigration("002_b.sql", "CREATE TABLE b (id int);");
const row = (file: typeof m1, checksum = file.checksum) => ({ version: file.version, name: file.name, checksum });

describe("applyMigrations", () => {
  it("applies only pending files, each in a transaction with its record, under the advisory lock", async () => {
    const { db, statements } = recordingDb([row(m1)]);
    const applied = await applyMigrations(db, [m1, m2], log);
    expect(applied.map((file) => file.name)).toEqual(["002_b.sql"]);
    expect(statements[0]).toBe("SELECT pg_advisory_lock($1)");
    expect(statements.slice(-5)).toEqual([
      "BEGIN",
      "CREATE TABLE b (id int);",
      "INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)",
      "COMMIT",
      "SELECT pg_advisory_unlock($1)",
    ]);
    expect(statements).not.toContain("CREATE TABLE a (id int);");
  });

  it("rolls back a failing file, names it, and still releases the lock", async () => {
    const broken = toMigration("002_broken.sql", "BROKEN");
    const { db, statements } = recordingDb([row(m1)], "BROKEN");
    await expect(applyMigrations(db, [m1, broken], log)).rejects.toThrow(
      'migration 002_broken.sql failed: syntax error at or near "BROKEN"',
    );
    expect(statements.slice(-3)).toEqual(["BROKEN", "ROLLBACK", "SELECT pg_advisory_unlock($1)"]);
  });

  it("refuses to run when an applied file was edited, applying nothing", async () => {
    const { db, statements } = recordingDb([row(m1, "checksum-of-the-old-content")]);
    await expect(applyMigrations(db, [m1, m2], log)).rejects.toThrow("applied migrations were edited: 001_a.sql");
    expect(statements).not.toContain("BEGIN");
    expect(statements.at(-1)).toBe("SELECT pg_advisory_unlock($1)");
  });
});
