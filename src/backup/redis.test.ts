import { describe, expect, it } from "vitest";
import { restoreScript } from "./redis.js";

describe("redis restoreScript", () => {
  it("without AOF, replaces dump.rdb atomically and keeps the folder's owner", () => {
    const script = restoreScript("cache.rdb", undefined, 7);
    expect(script).toContain(`cp "/backup/cache.rdb" /data/dump.rdb.tmp\nmv /data/dump.rdb.tmp /data/dump.rdb`);
    expect(script).toContain(`chown -R "$owner" /data`);
    expect(script).not.toContain("appendonly");
  });

  it("with AOF, makes the RDB the base of a fresh multi-part AOF and moves the old one aside", () => {
    const script = restoreScript("cache.rdb", { dir: "appendonlydir", file: "appendonly.aof" }, 7);
    expect(script).toContain(`mv "/data/appendonlydir" "/data/appendonlydir.before-restore-7"`);
    expect(script).toContain(`cp /data/dump.rdb "/data/appendonlydir/appendonly.aof.1.base.rdb"`);
    expect(script).toContain(`printf 'file %s seq 1 type b\\n' "appendonly.aof.1.base.rdb" > "/data/appendonlydir/appendonly.aof.manifest"`);
  });
});
