import { createHash, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, readdir, rm, stat, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { docker, Scenario, type CommandResult } from "./support/scenario.js";

// The backup story on the real engine: Postgres, Redis and a live-written named volume are
// backed up and proven by restore drills; the data is destroyed; `berth restore` brings it back
// (row counts, a checksum of a table's contents, key counts, file checksums); a truncated
// backup is refused with a clear message, by its checksum and, with a forged manifest, by the drill.

const project = "berthe2e-backup-story";
const backups = await mkdtemp(join(tmpdir(), "berthe2e-backups-"));
const stack = new Scenario({ project, cwd: join(import.meta.dirname, "stacks", "backup"), env: { BERTH_BACKUP_DIR: backups, BERTH_STABLE_MS: "1000" } });
const container = (service: string) => `${project}-${service}-1`;

interface OutcomeJson {
  service: string;
  ok: boolean;
  path: string;
  manifest: {
    driver: string;
    image: string;
    sha256: string;
    sizeBytes: number;
    berthVersion: string;
    facts: { tables?: Record<string, number>; keys?: Record<string, number>; files?: number };
    drill?: { ok: boolean; checks: string[]; error?: string };
  };
}

async function ok(args: readonly string[]): Promise<CommandResult> {
  const result = await stack.berth(args);
  if (result.code !== 0) throw new Error(`berth ${args.join(" ")} exited ${result.code}:\n${result.stdout}${result.stderr}`);
  return result;
}

const psql = async (sql: string) => (await docker(["exec", container("postgres"), "psql", "-U", "app", "-d", "appdb", "-tAc", sql])).trim();
const redis = async (...args: string[]) => (await docker(["exec", "-e", "REDISCLI_AUTH=e2e-redis-secret", container("redis"), "redis-cli", ...args])).trim();
const notesChecksum = () => psql("SELECT md5(string_agg(id || ':' || body, ',' ORDER BY id)) FROM notes");
const staticFiles = async () => (await docker(["exec", container("files"), "sh", "-c", "cd /srv/files/static && find . -type f | sort | xargs sha256sum"])).trim();
const startedAt = async (name: string) => (await docker(["inspect", "-f", "{{.State.StartedAt}}", name])).trim();

async function sha256(path: string): Promise<string> {
  return createHash("sha256").update(await readFile(path)).digest("hex");
}

async function writeData(): Promise<void> {
  await psql("CREATE TABLE notes (id serial PRIMARY KEY, body text NOT NULL); INSERT INTO notes (body) SELECT md5(g::text) || ' note ' || g FROM generate_series(1, 5000) g; CREATE TABLE tags (name text); INSERT INTO tags VALUES ('a'), ('b'), ('c');");
  await docker(["exec", "-e", "REDISCLI_AUTH=e2e-redis-secret", container("redis"), "sh", "-c", "for i in $(seq 1 300); do echo \"SET key:$i value-$i\"; done | redis-cli >/dev/null; redis-cli -n 1 set other 1"]);
  await docker(["exec", container("files"), "sh", "-c", "mkdir -p /srv/files/static/sub && for i in 1 2 3; do head -c 20000 /dev/urandom > /srv/files/static/blob$i; done && echo hello > /srv/files/static/sub/readme.txt"]);
}

describe("berth backup and restore on the real engine", () => {
  const before: Record<string, string> = {};
  let taken: OutcomeJson[] = [];

  beforeAll(async () => {
    await stack.cleanup();
    await stack.step("up", () => ok(["up", "--json"]));
    await stack.step("write data", writeData);
    before["notes"] = await notesChecksum();
    before["files"] = await staticFiles();
  });
  afterAll(async () => {
    await stack.berth(["down", "-v"]);
    await stack.cleanup();
    await rm(backups, { recursive: true, force: true });
  });

  it("backs up Postgres, Redis and the volume, each proven by a restore drill", async () => {
    const result = await stack.step("berth backup", () => ok(["backup", "--json"]));
    taken = JSON.parse(result.stdout) as OutcomeJson[];
    await stack.step("three good backups with manifests", async () => {
      expect(taken.map((o) => [o.service, o.manifest.driver, o.ok, o.manifest.drill?.ok])).toEqual([
        ["postgres", "postgres", true, true],
        ["redis", "redis", true, true],
        ["files", "volume", true, true],
      ]);
      const [pg, rd, fs] = taken;
      expect(pg?.manifest.facts.tables).toEqual({ "public.notes": 5000, "public.tags": 3 });
      expect(pg?.manifest.drill?.checks).toContain("public.notes: 5000 rows, as at backup time");
      expect(rd?.manifest.facts.keys).toEqual({ db0: 300, db1: 1 });
      expect(fs?.manifest.facts.files).toBeGreaterThanOrEqual(5);
      for (const outcome of taken) {
        expect(outcome.path.startsWith(join(backups, outcome.service))).toBe(true);
        expect(await sha256(outcome.path)).toBe(outcome.manifest.sha256);
        expect((await stat(outcome.path)).size).toBe(outcome.manifest.sizeBytes);
        expect((await stat(outcome.path)).mode & 0o777).toBe(0o600);
        expect(outcome.manifest.berthVersion).toMatch(/^\d+\.\d+\.\d+/);
        expect(JSON.parse(await readFile(`${outcome.path}.manifest.json`, "utf8")).drill.ok).toBe(true);
      }
      expect(pg?.manifest.image).toBe("postgres:15");
    });
  });

  it("restores destroyed data into the live services and proves it is back", async () => {
    await stack.step("destroy the data", async () => {
      await psql("DROP TABLE notes; DELETE FROM tags; CREATE TABLE intruder (x int);");
      await redis("flushall");
      await docker(["exec", container("files"), "sh", "-c", "rm -rf /srv/files/static && echo junk > /srv/files/junk"]);
      expect(await psql("SELECT count(*) FROM tags")).toBe("0");
      expect(await redis("dbsize")).toBe("0");
    });
    const appStarted = await startedAt(container("app"));
    const pg = await stack.step("restore postgres", () => ok(["restore", "--yes", "postgres", taken[0]?.path ?? ""]));
    expect(pg.stdout).toContain("stopping app");
    expect(pg.stdout).toContain("public.notes: 5000 rows, as at backup time");
    await stack.step("restore redis", () => ok(["restore", "--yes", "redis", "latest"]));
    await stack.step("restore the volume", () => ok(["restore", "--yes", "files", taken[2]?.path.split("/").pop() ?? ""]));
    await stack.step("the data is back", async () => {
      expect(await psql("SELECT count(*) FROM notes")).toBe("5000");
      expect(await notesChecksum()).toBe(before["notes"]);
      expect(await psql("SELECT count(*) FROM tags")).toBe("3");
      expect(await psql("SELECT count(*) FROM pg_tables WHERE tablename = 'intruder'")).toBe("0");
      expect(await redis("dbsize")).toBe("300");
      expect(await redis("get", "key:42")).toBe("value-42");
      expect(await redis("-n", "1", "get", "other")).toBe("1");
      expect(await staticFiles()).toBe(before["files"]);
      expect(await docker(["exec", container("files"), "ls", "/srv/files"])).not.toContain("junk");
    });
    await stack.step("the dependent app was stopped and started again", async () => {
      expect(await startedAt(container("app"))).not.toBe(appStarted);
      expect((await docker(["inspect", "-f", "{{.State.Running}}", container("app")])).trim()).toBe("true");
    });
  });

  it("refuses a truncated backup: by its checksum, and by the drill when the manifest was forged to match", async () => {
    const original = taken[0]?.path ?? "";
    const copy = join(backups, "postgres", "postgres-truncated.dump");
    await writeFile(copy, await readFile(original));
    await writeFile(`${copy}.manifest.json`, (await readFile(`${original}.manifest.json`, "utf8")).replace(/"artifact": "[^"]+"/, `"artifact": "postgres-truncated.dump"`));
    const size = (await stat(copy)).size;
    await truncate(copy, Math.floor(size / 2));

    const checked = await stack.step("check the truncated backup", () => stack.berth(["restore", "--check", "postgres", copy]));
    expect(checked.code).toBe(1);
    expect(checked.stderr).toContain(`error: ${copy} is not a good backup: the file is ${Math.floor(size / 2)} bytes, its manifest recorded ${size} (truncated or replaced)`);

    const refused = await stack.step("restore refuses it", () => stack.berth(["restore", "--yes", "postgres", copy]));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`refusing to restore ${copy}`);
    expect(await psql("SELECT count(*) FROM notes")).toBe("5000");

    const manifest = JSON.parse(await readFile(`${copy}.manifest.json`, "utf8")) as Record<string, unknown>;
    await writeFile(`${copy}.manifest.json`, JSON.stringify({ ...manifest, sizeBytes: Math.floor(size / 2), sha256: await sha256(copy) }));
    const drilled = await stack.step("the drill catches what the checksum cannot", () => stack.berth(["restore", "--check", "postgres", copy]));
    expect(drilled.code).toBe(1);
    expect(drilled.stderr).toMatch(/is not a good backup: pg_restore of postgres-truncated\.dump failed \(exit 1\): pg_restore: error: could not read from input file/);
  });

  it("reports a service it cannot back up and still backs up the others (a stopped volume too)", async () => {
    await docker(["stop", container("redis"), container("files")]);
    try {
      const result = await stack.step("backup with redis stopped", () => stack.berth(["backup", "redis", "files", "--no-drill", "--json"]));
      expect(result.code).toBe(1);
      const outcomes = JSON.parse(result.stdout) as { service: string; ok: boolean; error?: string }[];
      expect(outcomes.map((o) => [o.service, o.ok])).toEqual([["redis", false], ["files", true]]);
      expect(outcomes[0]?.error).toBe("service redis is exited, not running");
    } finally {
      await docker(["start", container("redis"), container("files")]);
    }
  });

  it("keeps only --retention good backups per service", async () => {
    await stack.step("two more volume backups with --retention 2", async () => {
      await ok(["backup", "files", "--no-drill", "--retention", "2"]);
      await ok(["backup", "files", "--no-drill", "--retention", "2"]);
    });
    const artifacts = (await readdir(join(backups, "files"))).filter((name) => name.endsWith(".tar"));
    expect(artifacts).toHaveLength(2);
    expect(artifacts).not.toContain(taken[2]?.path.split("/").pop());
    const listed = JSON.parse((await ok(["backup", "--list", "--json", "files"])).stdout) as { path: string; service: string; drill?: unknown }[];
    expect(listed.map((entry) => entry.path.split("/").pop()).sort()).toEqual([...artifacts].sort());
    expect(listed.every((entry) => entry.service === "files" && entry.drill === undefined)).toBe(true);
  });
});

// Acceptance on the flagship (examples/fullstack, with its Prometheus profile): notes written
// through the app, Postgres, Redis and Prometheus's volume backed up and drilled, the data
// destroyed, restored, and the app itself serving the same notes and counter again.
const flagshipDir = join(import.meta.dirname, "..", "examples", "fullstack");
const flagshipReady = existsSync(join(flagshipDir, "compose.yaml"));
const flagshipBackups = await mkdtemp(join(tmpdir(), "berthe2e-flagship-backups-"));
const flagshipProject = "berthe2e-backup-flagship";
const flagshipBase = "http://127.0.0.1:18610";
const flagship = new Scenario({
  project: flagshipProject,
  cwd: flagshipDir,
  env: {
    BERTH_BACKUP_DIR: flagshipBackups,
    BERTH_STABLE_MS: "1000",
    FRONTEND_PORT: "18610",
    PROMETHEUS_PORT: "18611",
    APP_VERSION: "e2e",
    POSTGRES_PASSWORD: randomBytes(16).toString("hex"),
    REDIS_PASSWORD: randomBytes(16).toString("hex"),
  },
});
const flagshipFiles = ["-f", join(flagshipDir, "compose.yaml"), "-f", join(import.meta.dirname, "stacks", "backup", "flagship-backup.yaml"), "--profile", "monitoring"];

async function flagshipBerth(args: readonly string[]): Promise<CommandResult> {
  const result = await flagship.berth([...args, ...flagshipFiles]);
  if (result.code !== 0) throw new Error(`berth ${args.join(" ")} exited ${result.code}:\n${result.stdout}${result.stderr}`);
  return result;
}

interface NotesPage {
  notes: { id: string | number; text: string }[];
}

const notesNow = async () => ((await (await fetch(`${flagshipBase}/api/notes`)).json()) as NotesPage).notes;
const counterNow = async () => ((await (await fetch(`${flagshipBase}/api/stats`)).json()) as { notesCreated: number }).notesCreated;
const flagshipPsql = async (sql: string) => (await docker(["exec", `${flagshipProject}-postgres-1`, "psql", "-U", "notes", "-d", "notes", "-tAc", sql])).trim();
const notesTableChecksum = () => flagshipPsql("SELECT md5(string_agg(id || ':' || text || ':' || author, ',' ORDER BY id)) FROM notes");

describe.skipIf(!flagshipReady)("backup acceptance on the flagship", () => {
  beforeAll(async () => {
    await flagship.cleanup();
    // A cold build of the flagship counts against up's wait (300 s by default); with other e2e
    // files building beside it that was not enough (gate-timeout on migrate, which had finished).
    await flagship.step("berth up (with monitoring)", () => flagshipBerth(["up", "--json", "--wait-timeout", "600"]));
  });
  afterAll(async () => {
    await flagship.berth(["down", "-v", ...flagshipFiles]);
    await flagship.cleanup();
    await rm(flagshipBackups, { recursive: true, force: true });
  });

  it("writes notes, backs up and drills all three stores, loses the data, restores it, and the app serves it again", async () => {
    await flagship.step("write 30 notes through the app", async () => {
      for (let i = 1; i <= 30; i++) {
        const response = await fetch(`${flagshipBase}/api/notes`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ text: `backup note ${i}`, author: "e2e" }) });
        expect(response.status).toBe(201);
      }
    });
    const notesBefore = await notesNow();
    const checksumBefore = await notesTableChecksum();
    expect(await counterNow()).toBe(30);

    const taken = JSON.parse((await flagship.step("berth backup", () => flagshipBerth(["backup", "--json"]))).stdout) as OutcomeJson[];
    expect(taken.map((o) => [o.service, o.manifest.driver, o.manifest.drill?.ok])).toEqual([
      ["postgres", "postgres", true],
      ["redis", "redis", true],
      ["prometheus", "volume", true],
    ]);
    expect(taken[0]?.manifest.facts.tables?.["public.notes"]).toBe(30);

    await flagship.step("lose the data", async () => {
      await flagshipPsql("DELETE FROM notes");
      await docker(["exec", "-e", `REDISCLI_AUTH=${flagship.options.env?.["REDIS_PASSWORD"] ?? ""}`, `${flagshipProject}-redis-1`, "redis-cli", "flushall"]);
      expect(await notesNow()).toEqual([]);
      expect(await counterNow()).toBe(0);
    });

    await flagship.step("restore all three", async () => {
      const pg = await flagshipBerth(["restore", "--yes", "postgres", "latest"]);
      expect(pg.stdout).toContain("stopping backend");
      await flagshipBerth(["restore", "--yes", "redis", "latest"]);
      const volume = await flagshipBerth(["restore", "--yes", "prometheus", "latest"]);
      expect(volume.stdout).toMatch(/content checksum [0-9a-f]{12}… matches/);
    });

    await flagship.step("the app serves the same notes and counter", async () => {
      const deadline = Date.now() + 60_000;
      let notes: NotesPage["notes"] = [];
      while (Date.now() < deadline) {
        notes = await notesNow().catch(() => []);
        if (notes.length > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
      expect(notes).toEqual(notesBefore);
      expect(await counterNow()).toBe(30);
      expect(await flagshipPsql("SELECT count(*) FROM notes")).toBe("30");
      expect(await notesTableChecksum()).toBe(checksumBefore);
    });
  });
});
