import { describe, expect, it } from "vitest";
import { backupSql, checkIdentifier, dumpStatus, maintenanceDatabase, restoreScript } from "./postgres-scripts.js";

describe("backupSql", () => {
  const sql = backupSql();

  it("counts rows and dumps inside one exported snapshot", () => {
    const order = ["REPEATABLE READ", "pg_export_snapshot()", "\\setenv BERTH_SNAPSHOT", "\\gexec", '--snapshot="$BERTH_SNAPSHOT"', "COMMIT;"].map((part) => sql.indexOf(part));
    expect(order.every((position) => position >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it("leaves the gzip level to pg_dump unless one is configured", () => {
    expect(sql).not.toContain("--compress");
    expect(backupSql(1)).toContain("--format=custom --compress=1 ");
  });

  it("dumps in custom format and prints pg_dump's own exit status (psql's \\! swallows it)", () => {
    expect(sql).toContain("--format=custom");
    expect(sql).toContain('--file="$BERTH_OUT"; echo "berth-dump-status|$?"');
  });
});

describe("dumpStatus", () => {
  it("reads pg_dump's status, and undefined when the session never got that far", () => {
    expect(dumpStatus("berth-count|public.a|3\nberth-dump-status|0\n")).toBe(0);
    expect(dumpStatus("berth-dump-status|1\n")).toBe(1);
    expect(dumpStatus("psql: error: connection refused\n")).toBeUndefined();
  });
});

describe("restoreScript of the image's default database", () => {
  // postgres:15 with only POSTGRES_PASSWORD set keeps its data in the database `postgres`; a
  // session connected to it cannot rename it ("current database cannot be renamed", seen on a
  // real postgres:15), so the restore's own session sits in template1 then.
  const script = restoreScript({ user: "postgres", database: "postgres" });

  it("connects every admin command to template1, never to the database it renames", () => {
    expect(script).not.toMatch(/-d postgres\b/);
    expect(script).toContain(`psql -X -q -v ON_ERROR_STOP=1 -d template1 -c 'ALTER DATABASE "postgres" RENAME TO "postgres__berth_old"'`);
    expect(script).toContain(`psql -X -tA -d template1 -c "SELECT 1 FROM pg_database WHERE datname = 'postgres'"`);
  });

  it("keeps postgres as the maintenance database of any other", () => {
    expect(maintenanceDatabase("shop")).toBe("postgres");
    expect(maintenanceDatabase("postgres")).toBe("template1");
    expect(restoreScript({ user: "app", database: "shop" })).toContain("-d postgres -c 'ALTER DATABASE \"shop\" RENAME TO \"shop__berth_old\"'");
  });
});

describe("restoreScript", () => {
  const script = restoreScript({ user: "app", database: "shop" });

  it("restores into a fresh database and swaps it in only after pg_restore succeeded", () => {
    const restore = script.indexOf('pg_restore --exit-on-error --single-transaction -d "shop__berth_restore"');
    const swap = script.indexOf(`ALTER DATABASE "shop__berth_restore" RENAME TO "shop"`);
    expect(restore).toBeGreaterThan(0);
    expect(swap).toBeGreaterThan(restore);
    expect(script).toContain("the live database is untouched");
  });

  it("takes the artifact and its checksum from the environment, checked before anything is created", () => {
    expect(script).toContain('pg_restore --exit-on-error --single-transaction -d "shop__berth_restore" "$BERTH_ARTIFACT"');
    expect(script.indexOf('= "$BERTH_SHA256" ]')).toBeLessThan(script.indexOf("CREATE DATABASE"));
    expect(script).not.toContain("/backup/");
  });
});

describe("checkIdentifier", () => {
  it("accepts plain names and refuses anything that could escape a script", () => {
    expect(checkIdentifier("database", "app_db-1")).toBe("app_db-1");
    expect(() => checkIdentifier("database", `x"; DROP`)).toThrow(/has characters berth does not put in a script/);
    expect(() => checkIdentifier("user", "a'b")).toThrow();
    // `$` would expand inside the script's double quotes
    expect(() => checkIdentifier("database", "a$HOME")).toThrow();
  });
});
