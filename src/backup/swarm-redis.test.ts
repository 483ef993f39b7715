import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { BackupManifest } from "./manifest.js";
import { drillRedisOnSwarm, dumpRedisOnSwarm } from "./swarm-redis.js";
import { FakeDatastores, type Play } from "./testing/fake-datastores.js";

const rdb = Buffer.from("REDIS0011 pretend");
const sha = createHash("sha256").update(rdb).digest("hex");
const manifest: BackupManifest = { manifestVersion: 1, project: "shop", service: "cache", driver: "redis", image: "redis:7", imageId: `sha256:${"c".repeat(64)}`, artifact: "cache-1.rdb", createdAt: "2026-12-08T00:00:00Z", durationMs: 1, sizeBytes: rdb.length, sha256: sha, compressed: false, berthVersion: "1", source: { port: "6379" }, facts: { keys: { db0: 10 }, keysAfter: { db0: 12 } } };
const redisAt = (play: Play, place: { env?: Record<string, string>; command?: string[] } = {}) => new FakeDatastores(play, { image: "redis:7", env: {}, ...place });
const backupOutput = `berth-keys-before\n# Keyspace\ndb0:keys=10,expires=0,avg_ttl=0\nberth-keys-after\n# Keyspace\ndb0:keys=12,expires=0,avg_ttl=0\nberth-artifact|${rdb.length}|${sha}\nberth-artifact-begin\n${rdb.toString("base64")}\nberth-artifact-end\n`;

describe("dumpRedisOnSwarm", () => {
  it("finds the password in a --requirepass written as an argv element", async () => {
    const fake = redisAt(() => ({ stdout: backupOutput }), { command: ["redis-server", "--requirepass", "literal-pw"] });
    const dumped = await dumpRedisOnSwarm(await fake.locate("cache"));
    expect(fake.jobs[0]?.env["REDISCLI_AUTH"]).toBe("literal-pw");
    expect(dumped).toMatchObject({ extension: "rdb", compressed: false, source: { port: "6379" }, facts: { keys: { db0: 10 }, keysAfter: { db0: 12 } } });
  });

  it("takes REDIS_PORT when it is a port, and sends no password when the service has none", async () => {
    const fake = redisAt(() => ({ stdout: backupOutput }), { env: { REDIS_PORT: "6380" } });
    await dumpRedisOnSwarm(await fake.locate("cache"));
    expect(fake.jobs[0]?.env).toEqual({ BERTH_HOST: "tasks.shop_cache", BERTH_PORT: "6380", BERTH_OUT: "/tmp/berth-artifact" });
    const odd = redisAt(() => ({ stdout: backupOutput }), { env: { REDIS_PORT: "6380; rm -rf /" } });
    await dumpRedisOnSwarm(await odd.locate("cache"));
    expect(odd.jobs[0]?.env["BERTH_PORT"]).toBe("6379");
  });

  it("a failed redis-cli fails the backup with its words", async () => {
    const fake = redisAt(() => ({ exitCode: 1, stderr: "AUTH failed: WRONGPASS invalid username-password pair\n" }));
    await expect(dumpRedisOnSwarm(await fake.locate("cache"))).rejects.toThrow("redis-cli --rdb of cache on node-3 failed (exit 1):\nAUTH failed: WRONGPASS invalid username-password pair");
  });

  it("an RDB altered on the way is refused, without quoting it", async () => {
    const fake = redisAt(() => ({ stdout: backupOutput.replace(rdb.toString("base64"), Buffer.from("REDIS0011 pretenD").toString("base64")) }));
    const failure = (await dumpRedisOnSwarm(await fake.locate("cache")).then(
      () => new Error("no failure"),
      (error: unknown) => error as Error,
    ));
    expect(failure.message).toMatch(/^the RDB of cache from node-3 \(the bytes that arrived through the service logs have sha256/);
    expect(failure.message).not.toContain(Buffer.from("REDIS0011 pretenD").toString("base64"));
  });
});

describe("drillRedisOnSwarm", () => {
  it("accepts a key count within the before/after range, off the stack's network", async () => {
    const fake = redisAt(() => ({ stdout: "# Keyspace\r\ndb0:keys=11,expires=0,avg_ttl=0\r\n" }));
    expect(await drillRedisOnSwarm(await fake.locate("cache"), manifest, rdb)).toEqual({ ok: true, checks: ["loaded into a scratch redis:7 on node-3", "db0: 11 keys, as at backup time"] });
    expect(fake.jobs[0]?.network).toBe(false);
    expect(fake.jobs[0]?.env).toEqual({ BERTH_SHA256: sha });
  });

  it("a count outside the range, or an RDB that did not load, fails the drill", async () => {
    const short = await drillRedisOnSwarm(await redisAt(() => ({ stdout: "db0:keys=3,expires=0\n" })).locate("cache"), manifest, rdb);
    expect(short).toMatchObject({ ok: false, error: "restored data differs from the backup: db0 has 3 keys, expected 10..12" });
    const broken = await drillRedisOnSwarm(await redisAt(() => ({ exitCode: 4, stderr: "berth: the scratch redis did not load the RDB within 120 s\n" })).locate("cache"), manifest, rdb);
    expect(broken).toMatchObject({ ok: false, error: "the drill on node-3 failed (exit 4):\nberth: the scratch redis did not load the RDB within 120 s" });
  });
});
