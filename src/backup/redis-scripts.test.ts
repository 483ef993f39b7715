import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { keptName, notPutBack, redisCommitScript, redisScriptEnv, redisSwapScript, redisUndoScript } from "./redis-scripts.js";
import { runScript, sha256Of, treeOf } from "./testing/run-script.js";

const aof = { dir: "appendonlydir", file: "appendonly.aof" };

/** A Redis data folder (dump.rdb, with AOF a multi-part AOF folder) and an RDB backup beside it. */
function redisData(withAof: boolean) {
  const root = mkdtempSync(join(tmpdir(), "berth-redis-"));
  const data = join(root, "data");
  mkdirSync(data);
  writeFileSync(join(data, "dump.rdb"), "REDIS0011 live data");
  if (withAof) {
    mkdirSync(join(data, aof.dir));
    writeFileSync(join(data, aof.dir, "appendonly.aof.1.base.rdb"), "live base");
    writeFileSync(join(data, aof.dir, "appendonly.aof.1.incr.aof"), "live incr");
    writeFileSync(join(data, aof.dir, "appendonly.aof.manifest"), "live manifest");
  }
  const artifact = join(root, "redis-2026.rdb");
  writeFileSync(artifact, "REDIS0011 restored data");
  const env = (overrides: { artifact?: string; sha256?: string } = {}) =>
    redisScriptEnv({ data, artifact: overrides.artifact ?? artifact, sha256: overrides.sha256 ?? sha256Of(artifact), ...(withAof ? { aof } : {}) });
  return { root, data, artifact, live: treeOf(data), env };
}

describe("redis restore scripts (run with the local sh)", () => {
  it("without AOF: swaps dump.rdb in and keeps the previous one until the commit", () => {
    const { data, env } = redisData(false);
    expect(runScript(redisSwapScript, env()).stdout).toContain("berth-swapped");
    expect(readFileSync(join(data, "dump.rdb"), "utf8")).toBe("REDIS0011 restored data");
    expect(readFileSync(join(data, keptName, "dump.rdb"), "utf8")).toBe("REDIS0011 live data");
    expect(runScript(redisCommitScript, env()).code).toBe(0);
    expect(Object.keys(treeOf(data))).toEqual(["dump.rdb"]);
  });

  it("with AOF: the RDB becomes the base of a fresh multi-part AOF, the old AOF folder is kept", () => {
    const { data, env } = redisData(true);
    expect(runScript(redisSwapScript, env()).code).toBe(0);
    expect(readFileSync(join(data, aof.dir, "appendonly.aof.1.base.rdb"), "utf8")).toBe("REDIS0011 restored data");
    expect(readFileSync(join(data, aof.dir, "appendonly.aof.manifest"), "utf8")).toBe("file appendonly.aof.1.base.rdb seq 1 type b\n");
    expect(existsSync(join(data, aof.dir, "appendonly.aof.1.incr.aof"))).toBe(false);
    expect(readFileSync(join(data, keptName, "aof", "appendonly.aof.1.incr.aof"), "utf8")).toBe("live incr");
  });

  it("undo puts the previous data back exactly, AOF included", () => {
    const { data, live, env } = redisData(true);
    expect(runScript(redisSwapScript, env()).code).toBe(0);
    expect(runScript(redisUndoScript, env()).stdout).toContain("berth-undone");
    expect(treeOf(data)).toEqual(live);
  });

  it("a copy that fails (missing or unreadable artifact) touches nothing and leaves no stray file", () => {
    const { data, live, env, root } = redisData(true);
    const result = runScript(redisSwapScript, env({ artifact: join(root, "gone.rdb"), sha256: "0".repeat(64) }));
    expect(result.code).not.toBe(0);
    expect(treeOf(data)).toEqual(live);
  });

  it("the checksum is taken over the copied bytes: a mismatch touches nothing", () => {
    const { data, live, env } = redisData(false);
    const result = runScript(redisSwapScript, env({ sha256: "a".repeat(64) }));
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/does not match the sha256 of its manifest/);
    expect(treeOf(data)).toEqual(live);
  });

  it("values with shell syntax stay data", () => {
    const { root, data, env } = redisData(false);
    const odd = join(root, `a"; touch pwned; ".rdb`);
    writeFileSync(odd, "REDIS0011 odd");
    expect(runScript(redisSwapScript, env({ artifact: odd, sha256: sha256Of(odd) })).code).toBe(0);
    expect(readFileSync(join(data, "dump.rdb"), "utf8")).toBe("REDIS0011 odd");
    expect(existsSync(join(root, "pwned")) || existsSync("pwned")).toBe(false);
  });

  it("undo without kept data refuses rather than deleting the live dump", () => {
    const { data, live, env } = redisData(false);
    expect(runScript(redisUndoScript, env()).code).toBe(3);
    expect(treeOf(data)).toEqual(live);
  });

  // A rename that fails after the live data moved into the kept folder (here: the AOF folder's
  // parent is missing, so the last mv fails): the previous data goes back, nothing is lost.
  it("a failure during the renames puts the previous data back, so the live data is as it was", () => {
    const { data, live, artifact } = redisData(false);
    const env = redisScriptEnv({ data, artifact, sha256: sha256Of(artifact), aof: { dir: "missing/appendonlydir", file: "appendonly.aof" } });
    const result = runScript(redisSwapScript, env);
    expect(result.code).not.toBe(0);
    expect(treeOf(data)).toEqual(live);
    expect(result.stderr).not.toContain(notPutBack);
  });

  // A restore killed between its swap and its commit leaves the previous data in the kept folder:
  // the next restore must not delete it (it began with rm -rf of that folder).
  it("refuses when a kept folder is already there, and leaves it and the live data alone", () => {
    const { data, env } = redisData(false);
    mkdirSync(join(data, keptName));
    writeFileSync(join(data, keptName, "dump.rdb"), "REDIS0011 the only copy");
    const before = treeOf(data);
    const result = runScript(redisSwapScript, env());
    expect(result.code).toBe(4);
    expect(result.stderr).toContain(`${keptName} is already in the data folder`);
    expect(treeOf(data)).toEqual(before);
  });

  it("undo that cannot put everything back keeps the kept folder (the only copy)", () => {
    const { data, env, artifact } = redisData(true);
    expect(runScript(redisSwapScript, env()).code).toBe(0);
    // The kept AOF folder cannot move back: a file now sits where its destination's parent should be.
    const broken = redisScriptEnv({ data, artifact, sha256: sha256Of(artifact), aof: { dir: "dump.rdb/appendonlydir", file: "appendonly.aof" } });
    expect(runScript(redisUndoScript, broken).code).not.toBe(0);
    expect(readFileSync(join(data, keptName, "aof", "appendonly.aof.1.incr.aof"), "utf8")).toBe("live incr");
  });
});
