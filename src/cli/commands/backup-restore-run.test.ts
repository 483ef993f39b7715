import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { helperLabel } from "../../backup/one-shot.js";
import type { ContainerCreateRequest } from "../../engine/engine.js";
import { FakeEngine, type FakeBehaviour } from "../../engine/fake-engine.js";
import { composeLabel } from "../../engine/labels.js";
import { runCli } from "../main.js";
import { testIO } from "../testing/test-io.js";

/*
 * `berth backup` and `berth restore` run whole, in-process, against an in-memory engine whose
 * Postgres helpers behave like the real sessions: what the user reads, the exit code, and what
 * must never be printed (the database password).
 */
const engines = vi.hoisted(() => ({ current: undefined as unknown }));
vi.mock("../connect-engine.js", () => ({ connectEngine: async () => engines.current }));

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const password = "pw-never-printed-7731";
const compose = `name: shop
services:
  db:
    image: postgres:15
    environment: { POSTGRES_USER: shopper, POSTGRES_DB: orders, POSTGRES_PASSWORD: ${password} }
  api:
    image: node:20-bookworm-slim
    depends_on: [db]
  web:
    image: node:20-bookworm-slim
`;

interface Staging {
  /** pg_dump's status as the backup session reports it (default 0). */
  readonly dumpStatus?: number;
  /** Rows the backup counts in public.notes (default 3). */
  readonly rowsAtBackup?: number;
  /** Rows a restore (drill or live) finds afterwards (default: as at backup). */
  readonly rowsAfterRestore?: number;
}

/** The folder of a host bind (`host:/backup[:ro]`) of a helper or scratch request. */
const backupFolder = (request: ContainerCreateRequest) => (request.HostConfig?.["Binds"] as readonly string[] | undefined)?.find((bind) => bind.includes(":/backup"))?.split(":")[0] ?? "";
const envOf = (request: ContainerCreateRequest, key: string) => request.Env?.find((line) => line.startsWith(`${key}=`))?.slice(key.length + 1);

async function shop(staging: Staging = {}) {
  const dir = mkdtempSync(join(tmpdir(), "berth-cli-backup-"));
  dirs.push(dir);
  writeFileSync(join(dir, "compose.yaml"), compose);
  const rows = (count: number) => `berth-count|public.notes|${count}\n`;
  const after = rows(staging.rowsAfterRestore ?? staging.rowsAtBackup ?? 3);
  const behave = (request: ContainerCreateRequest): FakeBehaviour => {
    const role = request.Labels?.[helperLabel];
    if (role === "drill") {
      return {
        exec: (command) => {
          if (command[0] === "sha256sum") return { stdout: `${createHash("sha256").update(readFileSync(join(backupFolder(request), command[1]!.slice("/backup/".length)))).digest("hex")}  ${command[1]}\n` };
          if (command[0] === "sh") return { stdout: after };
          return {};
        },
      };
    }
    if (role === "backup") {
      const out = envOf(request, "BERTH_OUT");
      if (out !== undefined) writeFileSync(join(backupFolder(request), out.slice("/backup/".length)), "PGDMP fake dump");
      return { exitOnStart: 0, logs: [{ stream: "stdout", text: `${rows(staging.rowsAtBackup ?? 3)}berth-dump-status|${staging.dumpStatus ?? 0}\n` }, { stream: "stderr", text: staging.dumpStatus ? "pg_dump: error: could not write: No space left on device\n" : "" }] };
    }
    if (role === "restore") return { exitOnStart: 0, logs: [{ stream: "stdout", text: envOf(request, "BERTH_ARTIFACT") === undefined ? after : "berth-restore-ok\n" }] };
    return {};
  };
  const engine = new FakeEngine({ images: ["postgres:15", "node:20-bookworm-slim"], behave });
  engines.current = engine;
  for (const service of ["db", "api", "web"]) {
    const id = await engine.createContainer({
      name: `shop-${service}-1`,
      Image: service === "db" ? "postgres:15" : "node:20-bookworm-slim",
      Env: service === "db" ? ["POSTGRES_USER=shopper", "POSTGRES_DB=orders", `POSTGRES_PASSWORD=${password}`] : [],
      Labels: { [composeLabel.project]: "shop", [composeLabel.service]: service, [composeLabel.number]: "1" },
    });
    await engine.startContainer(id);
  }
  engine.calls.length = 0;
  const backups = join(dir, "backups");
  const run = async (argv: readonly string[]) => {
    const { io, stdout, stderr } = testIO(dir, { DOCKER_HOST: "unix:///nonexistent/berth-test/docker.sock", BERTH_STATE_DIR: join(dir, ".state"), BERTH_BACKUP_DIR: backups });
    const code = await runCli(argv, io);
    expect(stdout.text + stderr.text).not.toContain(password);
    return { code, stdout: stdout.text, stderr: stderr.text };
  };
  return { dir, backups, engine, run };
}

/** Drops what changes from run to run (times, durations, the timestamped file name). */
const steady = (text: string) => text.replace(/db-[0-9TZ-]+\.dump/g, "db-TIME.dump").replace(/\d+\.\d s/g, "N s");

describe("berth backup (in-process, fake engine)", () => {
  it("backs up, proves the backup with a drill and says so, one line per step", async () => {
    const { run, backups } = await shop();
    const result = await run(["backup"]);
    expect(result.code).toBe(0);
    expect(steady(result.stdout).split("\n")).toEqual([
      "db: backing up (postgres)",
      `db: wrote 15 B in N s → ${backups}/db/db-TIME.dump`,
      "db: restore drill passed in N s",
      "✔ db  backed up and proven by a restore drill",
      "    size and sha256 match the manifest",
      "    public.notes: 3 rows, as at backup time",
      "",
    ]);
    expect(result.stderr).toBe("");
  });

  it("says a backup taken with --no-drill is not proven", async () => {
    const { run } = await shop();
    const result = await run(["backup", "--no-drill", "db"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("✔ db  backed up, not drilled (--no-drill)\n");
    expect(result.stdout).not.toContain("restore drill");
  });

  it("prints only one JSON document with --json, and no password in the manifest it shows", async () => {
    const { run } = await shop();
    const result = await run(["backup", "--json"]);
    const outcomes = JSON.parse(result.stdout) as { service: string; ok: boolean; path: string; manifest: { source: Record<string, string>; drill: { ok: boolean } } }[];
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]).toMatchObject({ service: "db", ok: true, manifest: { source: { user: "shopper", database: "orders" }, drill: { ok: true } } });
    expect(existsSync(outcomes[0]!.path)).toBe(true);
  });

  it("exits 1 and says why when pg_dump fails, leaving no artifact", async () => {
    const { run, backups } = await shop({ dumpStatus: 1 });
    const result = await run(["backup"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("db: FAILED: pg_dump of db failed (exit 1):\npg_dump: error: could not write: No space left on device");
    expect(result.stdout).toContain("✘ db  no backup: pg_dump of db failed (exit 1)");
    expect(readdirSync(join(backups, "db"))).toEqual([]);
  });

  it("exits 1 when the drill finds other row counts, with the drill's error under the service", async () => {
    const { run } = await shop({ rowsAtBackup: 3, rowsAfterRestore: 2 });
    const result = await run(["backup"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("db: restore drill FAILED in");
    expect(result.stdout).toContain("✘ db  backup NOT proven\n");
    expect(result.stdout).toContain("    public.notes: 2 rows, expected 3\n    error: restored data differs from the backup: public.notes has 2 rows, expected 3\n");
  });

  it("keeps only --retention good backups per service", async () => {
    const { run, backups } = await shop();
    expect((await run(["backup"])).code).toBe(0);
    const second = await run(["backup", "--retention", "1"]);
    expect(second.stdout).toContain("db: retention removed 1 older backup(s)\n");
    expect(readdirSync(join(backups, "db")).filter((name) => name.endsWith(".dump"))).toHaveLength(1);
  });
});

describe("berth restore (in-process, fake engine)", () => {
  it("refuses to replace live data from a script without --yes, before anything else (exit 2)", async () => {
    const { run, engine } = await shop();
    expect(await run(["restore", "db", "latest"])).toEqual({ code: 2, stdout: "", stderr: "error: restore replaces live data and needs a confirmation\n  hint: pass --yes to confirm from a script\n" });
    expect(engine.calls).toEqual([]);
  });

  it("--check proves a stored backup again without touching the live service; an undrilled one is never `latest`", async () => {
    const { run, engine, backups } = await shop();
    await run(["backup", "--no-drill"]);
    engine.calls.length = 0;
    const unproven = await run(["restore", "--check", "db", "latest"]);
    expect(unproven.code).toBe(2);
    expect(unproven.stderr).toContain("(latest is the newest backup whose restore drill passed)");
    const [artifact] = readdirSync(join(backups, "db")).filter((name) => name.endsWith(".dump"));
    const result = await run(["restore", "--check", "db", artifact!]);
    expect(result.code).toBe(0);
    expect(steady(result.stdout)).toMatch(/^ {2}size and sha256 match the manifest\n {2}public\.notes: 3 rows, as at backup time\n✔ .*\/db\/db-TIME\.dump: restore drill passed\n$/);
    expect(engine.calls.filter((call) => /shop-(db|api|web)-1$/.test(call))).toEqual([]);
  });

  it("--check fails (exit 1) on a backup whose artifact was altered since, and says not to rely on it", async () => {
    const { run, backups } = await shop();
    await run(["backup", "--no-drill"]);
    const [artifact] = readdirSync(join(backups, "db")).filter((name) => name.endsWith(".dump"));
    writeFileSync(join(backups, "db", artifact!), "PGDMP tampered!");
    const result = await run(["restore", "--check", "db", artifact!]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/is not a good backup: the file's sha256 is [0-9a-f]{12}…, its manifest recorded [0-9a-f]{12}… \(corrupted\)/);
    expect(result.stderr).toContain("hint: do not rely on it; take a new backup or pick another one");
  });

  it("restores with --yes: stops the services that depend on the database, starts them again and proves the rows", async () => {
    const { run, engine } = await shop();
    await run(["backup"]);
    engine.calls.length = 0;
    const result = await run(["restore", "--yes", "db", "latest"]);
    expect(result.code).toBe(0);
    expect(steady(result.stdout).split("\n")).toEqual(["stopping api", "started api again", "  public.notes: 3 rows, as at backup time", "✔ db restored from db-TIME.dump and verified", ""]);
    expect(engine.calls.filter((call) => /^(stop|start) shop-(db|api|web)-1$/.test(call))).toEqual(["stop shop-api-1", "start shop-api-1"]);
  });

  it("exits 1 when the restored rows differ from the backup's", async () => {
    const { run, backups } = await shop({ rowsAtBackup: 3, rowsAfterRestore: 1 });
    await run(["backup", "--no-drill"]);
    const result = await run(["restore", "--yes", "db", readdirSync(join(backups, "db")).find((name) => name.endsWith(".dump"))!]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("  public.notes: 1 rows, expected 3\n");
    expect(result.stderr).toContain("error: restored data differs from the backup: public.notes has 1 rows, expected 3");
  });
});
