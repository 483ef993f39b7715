import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { docker, Scenario, type CommandResult } from "./support/scenario.js";

// `berth migrate` on the real engine: numbered .sql files applied once each, in order, in a
// transaction each; a re-run is a no-op; a changed applied file is refused; two runners at once
// do not race; a failing file is rolled back whole.

const project = "berthe2e-backup-migrate";
const stackDir = join(import.meta.dirname, "stacks", "backup");
const stack = new Scenario({ project, cwd: stackDir, env: { BERTH_STABLE_MS: "1000" } });
const dir = await mkdtemp(join(tmpdir(), "berthe2e-migrations-"));

const psql = async (sql: string) => (await docker(["exec", `${project}-postgres-1`, "psql", "-U", "app", "-d", "appdb", "-tAc", sql])).trim();
const migrate = (args: readonly string[] = []) => stack.berth(["migrate", "--dir", dir, ...args]);

function expectOk(result: CommandResult): CommandResult {
  if (result.code !== 0) throw new Error(`berth migrate exited ${result.code}:\n${result.stdout}${result.stderr}`);
  return result;
}

describe("berth migrate on the real engine", () => {
  beforeAll(async () => {
    await stack.cleanup();
    await stack.step("up postgres", async () => expectOk(await stack.berth(["up", "postgres"])));
    await cp(join(stackDir, "migrations"), dir, { recursive: true });
  });
  afterAll(async () => {
    await stack.berth(["down", "-v"]);
    await stack.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  it("applies ./migrations in numeric order and records name and checksum", async () => {
    const result = await stack.step("migrate (default folder)", async () => expectOk(await stack.berth(["migrate"])));
    expect(result.stdout).toBe("applied 001_accounts.sql\napplied 002_seed.sql\napplied 010_created_at.sql\npostgres: applied 3 of 3 migration(s) in " + join(stackDir, "migrations") + "\n");
    expect(await psql("SELECT name FROM berth_migrations ORDER BY applied_at, name")).toBe("001_accounts.sql\n002_seed.sql\n010_created_at.sql");
    expect(await psql("SELECT length(checksum) FROM berth_migrations WHERE name = '002_seed.sql'")).toBe("64");
    expect(await psql("SELECT count(*) FROM accounts WHERE created_at IS NOT NULL")).toBe("2");
  });

  it("does nothing on a re-run", async () => {
    const result = await stack.step("migrate again", async () => expectOk(await migrate(["--json"])));
    expect(JSON.parse(result.stdout).applied).toEqual([]);
    expect(await psql("SELECT count(*) FROM accounts")).toBe("2");
  });

  it("refuses to run when an applied file changed, and applies nothing", async () => {
    await writeFile(join(dir, "002_seed.sql"), "INSERT INTO accounts (email) VALUES ('a@example.test'), ('b@example.test'), ('c@example.test');\n");
    await writeFile(join(dir, "011_notes.sql"), "CREATE TABLE notes (id int);\n");
    const result = await stack.step("migrate with an edited file", () => migrate());
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/refusing to migrate: 1 applied migration\(s\) in .* changed since they ran:\n {2}002_seed\.sql: applied with sha256 [0-9a-f]{12}…, the file now has [0-9a-f]{12}…/);
    expect(result.stderr).toContain("hint: restore the applied files as they were");
    expect(await psql("SELECT count(*) FROM pg_tables WHERE tablename = 'notes'")).toBe("0");
    await cp(join(stackDir, "migrations", "002_seed.sql"), join(dir, "002_seed.sql"));
  });

  it("lets two runners start at once without racing: both wait for the lock, each file runs once", async () => {
    await writeFile(join(dir, "012_slow.sql"), "CREATE TABLE runs (at timestamptz);\nSELECT pg_sleep(1);\nINSERT INTO runs VALUES (now());\n");
    // A third party holds berth's advisory lock for a while: no runner may apply anything before it lets go.
    const holder = docker(["exec", `${project}-postgres-1`, "psql", "-U", "app", "-d", "appdb", "-tA", "-c", "SELECT pg_advisory_lock(hashtext('berth_migrations'))", "-c", "SELECT pg_sleep(6)", "-c", "SELECT clock_timestamp()"]);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const [first, second] = await stack.step("two runners at once", () => Promise.all([migrate(["--json"]), migrate(["--json"])]));
    const released = (await holder).trim().split("\n").at(-1) ?? "";
    expectOk(first);
    expectOk(second);
    const applied = [JSON.parse(first.stdout).applied, JSON.parse(second.stdout).applied] as string[][];
    expect(applied.flat().sort()).toEqual(["011_notes.sql", "012_slow.sql"]);
    expect(applied.some((list) => list.length === 0)).toBe(true);
    expect(await psql("SELECT count(*) FROM runs")).toBe("1");
    expect(await psql("SELECT count(*) FROM berth_migrations")).toBe("5");
    expect(await psql(`SELECT bool_and(applied_at >= '${released}'::timestamptz) FROM berth_migrations WHERE name IN ('011_notes.sql', '012_slow.sql')`)).toBe("t");
  });

  it("rolls a failing file back whole and says which file failed", async () => {
    await writeFile(join(dir, "013_broken.sql"), "CREATE TABLE half_done (id int);\nINSERT INTO no_such_table VALUES (1);\n");
    const result = await stack.step("migrate a broken file", () => migrate());
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/013_broken\.sql:2: ERROR: {2}relation "no_such_table" does not exist/);
    expect(await psql("SELECT count(*) FROM pg_tables WHERE tablename = 'half_done'")).toBe("0");
    expect(await psql("SELECT count(*) FROM berth_migrations WHERE name = '013_broken.sql'")).toBe("0");
  });
});
