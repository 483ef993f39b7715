import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { orderMigrations, readMigrations, toMigration } from "./files.js";
import { migrationConflict, planMigrations, schemaProblem } from "./plan.js";

const m1 = toMigration("001_create.sql", "CREATE TABLE a (id int);");
const m2 = toMigration("002_more.sql", "ALTER TABLE a ADD b int;");
const m10 = toMigration("010_late.sql", "SELECT 1;");

describe("migration files", () => {
  it("orders by numeric version, not by name", () => {
    expect(orderMigrations([m10, m2, m1]).map((file) => file.name)).toEqual(["001_create.sql", "002_more.sql", "010_late.sql"]);
  });

  it("rejects names without a version prefix", () => {
    expect(() => toMigration("create.sql", "")).toThrow('migration file "create.sql" must be named NNN_description.sql');
  });

  it("rejects two files with the same version", () => {
    expect(() => orderMigrations([m1, toMigration("1_again.sql", "")])).toThrow("share version 1");
  });

  it("reads .sql files from a directory and ignores the rest", async () => {
    const dir = await mkdtemp(join(tmpdir(), "migrations-"));
    await writeFile(join(dir, "002_b.sql"), "SELECT 2;");
    await writeFile(join(dir, "001_a.sql"), "SELECT 1;");
    await writeFile(join(dir, "README.md"), "not a migration");
    const files = await readMigrations(dir);
    expect(files.map((file) => [file.version, file.sql])).toEqual([["001", "SELECT 1;"], ["002", "SELECT 2;"]]);
  });

  it("ships migrations the schema guard accepts", async () => {
    const files = await readMigrations(new URL("../../migrations", import.meta.url).pathname);
    expect(files.map((file) => file.name)).toEqual(["001_create_notes.sql", "002_notes_author.sql"]);
  });
});

describe("planMigrations", () => {
  const applied = (file: typeof m1, checksum = file.checksum) => ({ version: file.version, name: file.name, checksum });

  it("lists what is not applied yet, in order", () => {
    const plan = planMigrations([m1, m2, m10], [applied(m1)]);
    expect(plan.pending.map((file) => file.name)).toEqual(["002_more.sql", "010_late.sql"]);
    expect(schemaProblem(plan)).toBe(
      "database schema is not current (not applied: 002_more.sql, 010_late.sql); run the migrate job first",
    );
  });

  it("accepts a database that has every file applied unchanged", () => {
    const plan = planMigrations([m1, m2], [applied(m1), applied(m2)]);
    expect(plan).toEqual({ pending: [], changed: [], unknown: [] });
    expect(schemaProblem(plan)).toBeNull();
  });

  it("flags an applied file whose content changed, and the migrate job refuses it", () => {
    const plan = planMigrations([m1, m2], [applied(m1, "old"), applied(m2)]);
    expect(plan.changed.map((file) => file.name)).toEqual(["001_create.sql"]);
    expect(schemaProblem(plan)).toContain("changed after being applied: 001_create.sql");
    expect(migrationConflict(plan)).toContain("add a new migration instead");
  });

  it("lets an older app run on a newer schema (rollback), reporting the unknown version", () => {
    const plan = planMigrations([m1], [applied(m1), applied(m2)]);
    expect(plan.unknown.map((row) => row.name)).toEqual(["002_more.sql"]);
    expect(schemaProblem(plan)).toBeNull();
  });

  it("matches versions numerically (1 and 001 are the same migration)", () => {
    const plan = planMigrations([m1], [{ ...applied(m1), version: "1" }]);
    expect(plan.pending).toEqual([]);
  });
});
