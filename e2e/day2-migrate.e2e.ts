import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { docker, Scenario } from "./support/scenario.js";

// `berth migrate --status` and `--dry-run` (issue 15 item 4) on the real engine: read-only views of
// what `migrate` would do, from the records in Postgres; a changed applied file is exit 1.

const project = "berthe2e-day2-migrate";
const stackDir = join(import.meta.dirname, "stacks", "backup");
const stack = new Scenario({ project, cwd: stackDir, env: { BERTH_STABLE_MS: "1000" } });
let dir = "";
let upOutput = "";
const migrate = (args: readonly string[]) => stack.berth(["migrate", "--dir", dir, ...args]);
const hasTable = async () => (await docker(["exec", `${project}-postgres-1`, "psql", "-U", "app", "-d", "appdb", "-tAc", "SELECT to_regclass('berth_migrations') IS NOT NULL"])).trim();

describe("migrate --status and --dry-run", () => {
  beforeAll(async () => {
    await stack.cleanup();
    const up = await stack.berth(["up", "-q", "postgres"]);
    if (up.code !== 0) throw new Error(`up postgres: ${up.stdout}${up.stderr}`);
    upOutput = up.stdout + up.stderr;
    dir = await mkdtemp(join(tmpdir(), "berth-day2-migrations-"));
    await cp(join(stackDir, "migrations"), dir, { recursive: true });
  });
  afterAll(async () => {
    await stack.berth(["down", "-v"]);
    await stack.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  it("up and verify say that migrations are pending (advice: up still exits 0)", async () => {
    expect(upOutput).toContain("warning: 3 migration(s) pending on postgres: 001_accounts.sql, 002_seed.sql, 010_created_at.sql; berth migrate applies them");
    const verify = await stack.berth(["verify", "postgres"]);
    expect(verify.stdout).toContain("warning: 3 migration(s) pending on postgres");
  });

  it("on a fresh database: every file pending, and nothing is created", async () => {
    const status = await stack.step("migrate --status", () => migrate(["--status"]));
    expect(status.code).toBe(0);
    expect(status.stdout).toContain("pending  001_accounts.sql");
    expect(status.stdout).toContain("postgres: 0 applied, 3 pending");
    const dryRun = await migrate(["--dry-run"]);
    expect(dryRun.stdout).toContain("would apply 010_created_at.sql");
    expect(dryRun.stdout).toContain("3 migration(s) would be applied (dry run, nothing changed)");
    expect(await hasTable()).toBe("f");
  });

  it("after migrate: all applied; a new file is pending; a changed applied file is exit 1", async () => {
    expect((await migrate([])).code).toBe(0);
    expect((await migrate(["--status"])).stdout).toContain("postgres: 3 applied, 0 pending");
    await writeFile(join(dir, "011_more.sql"), "CREATE TABLE day2_more (id int);\n");
    const json = JSON.parse((await migrate(["--status", "--json"])).stdout) as { pending: string[]; applied: string[] };
    expect(json.pending).toEqual(["011_more.sql"]);
    expect(json.applied).toHaveLength(3);
    await writeFile(join(dir, "002_seed.sql"), "-- edited after it ran\n");
    const changed = await migrate(["--dry-run"]);
    expect(changed.code).toBe(1);
    expect(changed.stdout).toContain("berth migrate would refuse: 002_seed.sql changed since applied");
  });
});
