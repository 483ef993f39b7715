import { describe, expect, it } from "vitest";
import { backupSql, checkIdentifier, restoreScript } from "./postgres-scripts.js";

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

  it("dumps in custom format and reports success explicitly", () => {
    expect(sql).toContain("--format=custom");
    expect(sql).toContain("&& echo berth-dump-ok");
  });
});

describe("restoreScript", () => {
  const script = restoreScript({ user: "app", database: "shop" }, "db.dump");

  it("restores into a fresh database and swaps it in only after pg_restore succeeded", () => {
    const restore = script.indexOf('pg_restore --exit-on-error --single-transaction -d "shop__berth_restore"');
    const swap = script.indexOf(`ALTER DATABASE "shop__berth_restore" RENAME TO "shop"`);
    expect(restore).toBeGreaterThan(0);
    expect(swap).toBeGreaterThan(restore);
    expect(script).toContain("the live database is untouched");
  });
});

describe("checkIdentifier", () => {
  it("accepts plain names and refuses anything that could escape a script", () => {
    expect(checkIdentifier("database", "app_db-1")).toBe("app_db-1");
    expect(() => checkIdentifier("database", `x"; DROP`)).toThrow(/has characters berth does not put in a script/);
    expect(() => checkIdentifier("user", "a'b")).toThrow();
  });
});
