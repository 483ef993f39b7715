import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { orderMigrations, readMigrationFiles, sha256Of } from "./migration-files.js";

const file = (name: string, text = "SELECT 1;\n") => ({ name, text });

describe("orderMigrations", () => {
  it("orders by number, not by text: 2 before 10", () => {
    const ordered = orderMigrations([file("10_c.sql"), file("002_b.sql"), file("1-a.sql")], "/m");
    expect(ordered.map((m) => m.name)).toEqual(["1-a.sql", "002_b.sql", "10_c.sql"]);
    expect(ordered.map((m) => m.number)).toEqual([1, 2, 10]);
  });

  it("records the sha256 of each file's exact text", () => {
    const [migration] = orderMigrations([file("001_a.sql", "CREATE TABLE a (id int);\n")], "/m");
    expect(migration?.sha256).toBe(sha256Of("CREATE TABLE a (id int);\n"));
    expect(migration?.sha256).not.toBe(sha256Of("CREATE TABLE a (id int); \n"));
  });

  it("refuses a file without a leading number, naming it", () => {
    expect(() => orderMigrations([file("create_notes.sql")], "/m")).toThrow(/\/m\/create_notes\.sql: a migration's name must start with its number/);
  });

  it("refuses names that could break out of a SQL literal", () => {
    expect(() => orderMigrations([file("001_it's.sql")], "/m")).toThrow(/must start with its number/);
  });

  it("refuses two files with the same number", () => {
    expect(() => orderMigrations([file("003_a.sql"), file("3_b.sql")], "/m")).toThrow(/003_a\.sql and 3_b\.sql have the same number/);
  });

  it("refuses a file with its own transaction control", () => {
    expect(() => orderMigrations([file("001_a.sql", "BEGIN;\nCREATE TABLE a (id int);\nCOMMIT;\n")], "/m")).toThrow(/contains its own BEGIN\/COMMIT/);
    expect(() => orderMigrations([file("001_a.sql", "CREATE FUNCTION f() RETURNS int AS $$\nBEGIN\n  RETURN 1;\nEND;\n$$ LANGUAGE plpgsql;\n")], "/m")).not.toThrow();
  });
});

describe("readMigrationFiles", () => {
  it("reads only .sql files from the folder", async () => {
    const dir = await mkdtemp(join(tmpdir(), "berth-migrations-"));
    await writeFile(join(dir, "002_b.sql"), "SELECT 2;\n");
    await writeFile(join(dir, "001_a.sql"), "SELECT 1;\n");
    await writeFile(join(dir, "README.md"), "notes\n");
    expect((await readMigrationFiles(dir)).map((m) => m.name)).toEqual(["001_a.sql", "002_b.sql"]);
  });

  it("says which folder is missing", async () => {
    await expect(readMigrationFiles("/nonexistent/berth-migrations")).rejects.toThrow(/cannot read the migrations folder \/nonexistent\/berth-migrations/);
  });
});
