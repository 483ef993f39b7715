import { execFile } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseJobArtifact, postgresBackupJob, postgresDrillJob, postgresRestoreJob, restoreJobEnv, withoutArtifact } from "./swarm-scripts.js";
import { redisBackupJob, redisDrillJob } from "./swarm-redis.js";

const run = promisify(execFile);
const sha = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

/** The backup job's shell, run for real with a stand-in psql that writes the dump and prints counts. */
describe("postgresBackupJob (shell, with a stand-in psql)", () => {
  let dir = "";
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "berth-swarm-job-"));
    await writeFile(join(dir, "psql"), `#!/bin/sh\ncat > /dev/null\nhead -c "$FAKE_BYTES" /dev/urandom > "$BERTH_OUT"\necho 'berth-count|public.notes|3'\necho 'berth-dump-status|0'\n`);
    await chmod(join(dir, "psql"), 0o755);
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  const job = async (bytes: number) => run("sh", ["-c", postgresBackupJob], { env: { ...process.env, PATH: `${dir}:${process.env["PATH"] ?? ""}`, FAKE_BYTES: String(bytes), BERTH_OUT: join(dir, `dump-${bytes}`), BERTH_SQL: "select 1" }, maxBuffer: 64 * 1024 * 1024 });

  it("prints the dump so that what arrives is byte for byte the node's file", async () => {
    const { stdout } = await job(200_000);
    const artifact = parseJobArtifact(stdout);
    expect(artifact.ok).toBe(true);
    if (!artifact.ok) return;
    expect(artifact.bytes.length).toBe(200_000);
    expect(sha(artifact.bytes)).toBe(artifact.sha256);
    expect(stdout).toContain("berth-count|public.notes|3");
    // No line of the base64 is long enough to be split by the json-file log driver (16 KiB).
    expect(Math.max(...stdout.split("\n").map((line) => line.length))).toBeLessThanOrEqual(100);
  });

  it("prints no artifact when the dump is empty or missing", async () => {
    const { stdout } = await job(0);
    expect(parseJobArtifact(stdout)).toEqual({ ok: false, reason: "the job's output has no complete artifact (its markers are missing)" });
  });
});

describe("parseJobArtifact", () => {
  const bytes = randomBytes(5000);
  const lines = (bytes.toString("base64").match(/.{1,76}/g) ?? []) as string[];
  const output = (body: readonly string[], header = `berth-artifact|${bytes.length}|${sha(bytes)}`) => ["berth-count|public.t|1", header, "berth-artifact-begin", ...body, "berth-artifact-end", ""].join("\n");

  it("decodes the lines between the markers and checks size and sha256", () => {
    const parsed = parseJobArtifact(output(lines));
    expect(parsed.ok && parsed.bytes.equals(bytes)).toBe(true);
  });

  it("accepts CRLF line ends", () => {
    expect(parseJobArtifact(output(lines).replace(/\n/g, "\r\n")).ok).toBe(true);
  });

  it("names a lost line as a size mismatch", () => {
    const parsed = parseJobArtifact(output(lines.filter((_, index) => index !== 3)));
    expect(parsed).toEqual({ ok: false, reason: `${bytes.length - 57} bytes arrived through the service logs, the node wrote ${bytes.length}` });
  });

  it("names an altered byte as a sha256 mismatch", () => {
    const altered = lines.map((line, index) => (index === 2 ? `${line.slice(0, 10)}${line[10] === "A" ? "B" : "A"}${line.slice(11)}` : line));
    const parsed = parseJobArtifact(output(altered));
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.reason).toMatch(/have sha256 [0-9a-f]{12}…, the node's copy [0-9a-f]{12}…/);
  });

  it("refuses output cut before the end marker", () => {
    expect(parseJobArtifact(output(lines).replace("berth-artifact-end", "")).ok).toBe(false);
  });

  it("withoutArtifact keeps what an error message may quote", () => {
    expect(withoutArtifact(output(lines))).toBe(["berth-count|public.t|1", `berth-artifact|${bytes.length}|${sha(bytes)}`, ""].join("\n"));
    expect(withoutArtifact("psql: error\n")).toBe("psql: error\n");
  });
});

describe("drill and restore jobs", () => {
  it("check the assembled artifact against the manifest's sha256 before anything else", () => {
    for (const script of [postgresDrillJob, postgresRestoreJob]) {
      const lines = script.split("\n");
      expect(lines[1]).toBe("cat /run/secrets/berth-in-* > /tmp/berth-artifact");
      expect(lines[2]).toContain('= "$BERTH_SHA256" ]');
    }
  });

  it("the restore runs the one-host restore script (new database, swapped in by renames) from the environment, never as pasted text", () => {
    const env = restoreJobEnv({ user: "notes", database: "notes" }, "ab".repeat(32));
    expect(env["BERTH_RESTORE"]).toContain('ALTER DATABASE "notes__berth_restore" RENAME TO "notes"');
    expect(postgresRestoreJob).toContain('sh -c "$BERTH_RESTORE"');
    expect(postgresRestoreJob).not.toContain("notes");
  });

  it("the drill's scratch server listens inside the job's own container", () => {
    expect(postgresDrillJob).toContain("pg_isready -q -h 127.0.0.1");
    expect(postgresDrillJob).toContain("pg_restore -h 127.0.0.1");
  });
});

/** The Redis backup job's shell, run for real with a stand-in redis-cli. */
describe("redisBackupJob (shell, with a stand-in redis-cli)", () => {
  let dir = "";
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "berth-swarm-redis-"));
    // info keyspace prints a count that grows; --rdb FILE writes the snapshot.
    await writeFile(join(dir, "redis-cli"), `#!/bin/sh\nfor a in "$@"; do last="$a"; done\nif [ "$5" = "--rdb" ]; then printf 'REDIS0011snapshot' > "$6"; echo "SYNC sent" ; exit 0; fi\nn=$(cat "${dir}/n" 2>/dev/null || echo 3); echo "# Keyspace"; echo "db0:keys=$n,expires=0,avg_ttl=0"; echo $((n+1)) > "${dir}/n"\n`);
    await chmod(join(dir, "redis-cli"), 0o755);
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it("prints the key counts before and after the snapshot, then the RDB byte for byte; redis-cli's chatter goes to stderr", async () => {
    const { stdout, stderr } = await run("sh", ["-c", redisBackupJob], { env: { ...process.env, PATH: `${dir}:${process.env["PATH"] ?? ""}`, BERTH_HOST: "tasks.shop_cache", BERTH_PORT: "6379", BERTH_OUT: join(dir, "dump.rdb") } });
    expect(stdout.startsWith("berth-keys-before\n# Keyspace\ndb0:keys=3,")).toBe(true);
    expect(stdout).toContain("berth-keys-after\n# Keyspace\ndb0:keys=4,");
    const artifact = parseJobArtifact(stdout);
    expect(artifact.ok && artifact.bytes.toString()).toBe("REDIS0011snapshot");
    expect(stderr).toContain("SYNC sent");
  });

  it("the drill loads the checked copy into a server on loopback only, without AOF or saving", () => {
    expect(redisDrillJob.split("\n")[1]).toBe("cat /run/secrets/berth-in-* > /tmp/berth-artifact");
    expect(redisDrillJob).toContain('--appendonly no --save "" --bind 127.0.0.1');
  });
});
