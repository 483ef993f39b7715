import { describe, expect, it } from "vitest";
import type { MigrationFile } from "./migration-files.js";
import { migrationStatus, statusSql } from "./migration-status.js";

const file = (name: string, sha256: string): MigrationFile => ({ name, sha256, number: Number(name.slice(0, 3)) });

describe("migration status", () => {
  const files = [file("001_init.sql", "aaa"), file("002_users.sql", "bbb"), file("003_index.sql", "ccc")];

  it("sorts the folder's files into applied, pending and changed, in the folder's order", () => {
    const stdout = "berth-record|001_init.sql|aaa\nberth-record|002_users.sql|old\n";
    expect(migrationStatus(stdout, files)).toEqual({ applied: ["001_init.sql"], pending: ["003_index.sql"], changed: ["002_users.sql"], missing: [] });
  });

  it("calls every file pending when nothing was ever applied (no record table)", () => {
    expect(migrationStatus("", files)).toEqual({ applied: [], pending: ["001_init.sql", "002_users.sql", "003_index.sql"], changed: [], missing: [] });
  });

  it("names records whose file left the folder, and ignores other output", () => {
    const stdout = "NOTICE: something\nberth-record|000_old.sql|zzz\nberth-record|001_init.sql|aaa\n";
    expect(migrationStatus(stdout, files).missing).toEqual(["000_old.sql"]);
  });

  it("reads only: no CREATE, no lock, no write", () => {
    const sql = statusSql();
    expect(sql).toContain("to_regclass('berth_migrations')");
    expect(sql).not.toMatch(/CREATE|INSERT|UPDATE|DELETE|advisory_lock/i);
  });
});
