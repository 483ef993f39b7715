import { describe, expect, it } from "vitest";
import { migrateSql, parseMigrateOutput } from "./migrate-script.js";
import { orderMigrations } from "./migration-files.js";

const files = orderMigrations(
  [
    { name: "001_a.sql", text: "CREATE TABLE a (id int);\n" },
    { name: "002_b.sql", text: "INSERT INTO a VALUES (1);\n" },
  ],
  "/m",
);

describe("migrateSql", () => {
  const sql = migrateSql(files);

  it("takes the advisory lock before reading or creating the record table", () => {
    expect(sql.indexOf("pg_advisory_lock")).toBeLessThan(sql.indexOf("CREATE TABLE IF NOT EXISTS berth_migrations"));
  });

  it("refuses before applying anything when an applied file changed", () => {
    expect(sql.indexOf("RAISE EXCEPTION")).toBeLessThan(sql.indexOf("\\i '/migrations/001_a.sql'"));
  });

  it("applies each file in its own transaction together with its record, in order", () => {
    const first = sql.indexOf("\\i '/migrations/001_a.sql'");
    const second = sql.indexOf("\\i '/migrations/002_b.sql'");
    expect(first).toBeGreaterThan(0);
    expect(second).toBeGreaterThan(first);
    const block = sql.slice(sql.lastIndexOf("BEGIN;", first), sql.indexOf("COMMIT;", first));
    expect(block).toContain(`VALUES ('001_a.sql', '${files[0]?.sha256}')`);
  });

  it("stops on the first error", () => {
    expect(sql.startsWith("\\set ON_ERROR_STOP on")).toBe(true);
  });
});

describe("parseMigrateOutput", () => {
  it("reads applied and changed lines and ignores the rest", () => {
    const out = parseMigrateOutput("berth-changed|001_a.sql|aaa|bbb\nNOTICE: x\nberth-applied|002_b.sql\n");
    expect(out.changed).toEqual([{ name: "001_a.sql", recorded: "aaa", now: "bbb" }]);
    expect(out.applied).toEqual(["002_b.sql"]);
  });
});
