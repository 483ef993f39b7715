import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { ContainerCreateRequest, LogChunk } from "../engine/engine.js";
import { FakeEngine } from "../engine/fake-engine.js";
import { composeLabel } from "../engine/labels.js";
import { sha256Of } from "./migration-files.js";
import { readMigrationStatus } from "./read-migration-status.js";
import { runMigrations, type MigrateOptions } from "./run-migrations.js";

/** A project `shop` with a running Postgres service `db` and a folder of two migrations. */
async function setUp(psql: { exit: number; stdout?: string; stderr?: string }, dbEnv: readonly string[] = []) {
  const jobs: ContainerCreateRequest[] = [];
  const logs = (stream: LogChunk["stream"], text: string | undefined): LogChunk[] => (text === undefined ? [] : [{ stream, text } as LogChunk]);
  const engine = new FakeEngine({
    images: ["postgres:15"],
    behave: (request) => {
      if (!request.name.startsWith("shop-migrate-")) return {};
      jobs.push(request);
      return { exitOnStart: psql.exit, logs: [...logs("stdout", psql.stdout), ...logs("stderr", psql.stderr)] };
    },
  });
  const db = await engine.createContainer({ name: "shop-db-1", Image: "postgres:15", Env: [...dbEnv], Labels: { [composeLabel.project]: "shop", [composeLabel.service]: "db", [composeLabel.number]: "1" } });
  await engine.startContainer(db);
  const dir = mkdtempSync(join(tmpdir(), "berth-migrate-"));
  dirs.push(dir);
  writeFileSync(join(dir, "001_init.sql"), "CREATE TABLE notes (id int);\n");
  writeFileSync(join(dir, "002_index.sql"), "CREATE INDEX ON notes (id);\n");
  const options: MigrateOptions = { engine, project: "shop", settings: { service: "db", dir }, timeoutMs: 10_000 };
  return { engine, db, dir, jobs, options };
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("runMigrations (psql as a one-shot job on a fake engine)", () => {
  it("returns the folder's files and what psql reports as applied, and removes its helper", async () => {
    const { engine, options } = await setUp({ exit: 0, stdout: "berth-applied|001_init.sql\nberth-applied|002_index.sql\n" });
    const result = await runMigrations(options);
    expect(result.applied).toEqual(["001_init.sql", "002_index.sql"]);
    expect(result.files.map((f) => f.name)).toEqual(["001_init.sql", "002_index.sql"]);
    expect((await engine.listContainers()).map((c) => c.name)).toEqual(["shop-db-1"]);
  });

  it("runs psql from the db's image in its network, with its user, database and password, the folder read-only", async () => {
    const { db, dir, jobs, options } = await setUp({ exit: 0 }, ["POSTGRES_USER=shopper", "POSTGRES_DB=orders", "POSTGRES_PASSWORD=pw", "PGPORT=6543"]);
    await runMigrations(options);
    const job = jobs[0]!;
    expect(job.HostConfig?.NetworkMode).toBe(`container:${db}`);
    expect(job.HostConfig?.Binds).toEqual([`${dir}:/migrations:ro`]);
    expect(job.Env).toEqual(expect.arrayContaining(["PGHOST=127.0.0.1", "PGPORT=6543", "PGUSER=shopper", "PGDATABASE=orders", "PGPASSWORD=pw"]));
    expect(job.Labels?.["io.berth.backup-helper"]).toBe("migrate");
  });

  it("prefers the settings' user and database over the container's environment, and defaults the database to the user", async () => {
    const { jobs, options } = await setUp({ exit: 0 }, ["POSTGRES_USER=shopper"]);
    await runMigrations({ ...options, settings: { ...options.settings, user: "owner" } });
    expect(jobs[0]!.Env).toEqual(expect.arrayContaining(["PGUSER=owner", "PGDATABASE=owner"]));
    expect(jobs[0]!.Env?.some((line) => line.startsWith("PGPASSWORD="))).toBe(false);
  });

  it("refuses a user name that is not a plain identifier before starting anything", async () => {
    const { jobs, options } = await setUp({ exit: 0 });
    await expect(runMigrations({ ...options, settings: { ...options.settings, user: "x; DROP" } })).rejects.toThrow(/user/);
    expect(jobs).toEqual([]);
  });

  it("refuses when an applied file changed, naming it and both checksums", async () => {
    const recorded = "a".repeat(64);
    const now = "b".repeat(64);
    const { dir, options } = await setUp({ exit: 3, stdout: `berth-changed|001_init.sql|${recorded}|${now}\n` });
    await expect(runMigrations(options)).rejects.toMatchObject({
      code: "migrate.checksum-changed",
      message: `refusing to migrate: 1 applied migration(s) in ${dir} changed since they ran:\n  001_init.sql: applied with sha256 aaaaaaaaaaaa…, the file now has bbbbbbbbbbbb…`,
      hint: expect.stringContaining("put the change in a new numbered file"),
    });
  });

  it("fails with psql's error and what it applied before the failing file", async () => {
    const { dir, options } = await setUp({ exit: 3, stdout: "berth-applied|001_init.sql\n", stderr: 'psql:/migrations/002_index.sql:1: ERROR:  relation "note" does not exist\n' });
    const error = runMigrations(options);
    await expect(error).rejects.toMatchObject({ code: "migrate.failed", hint: "the failing file was rolled back; fix it and run berth migrate again" });
    await expect(error).rejects.toThrow(`migrating db from ${dir} (applied first: 001_init.sql) failed (exit 3):\npsql:/migrations/002_index.sql:1: ERROR:  relation "note" does not exist`);
  });

  it("fails clearly when the database service has no container, or it is stopped", async () => {
    const { engine, db, options } = await setUp({ exit: 0 });
    await expect(runMigrations({ ...options, settings: { ...options.settings, service: "other" } })).rejects.toMatchObject({ code: "backup.no-container", message: "service other has no container in project shop" });
    await engine.stopContainer(db);
    await expect(runMigrations(options)).rejects.toMatchObject({ code: "backup.not-running", hint: "start it first: berth up db" });
  });

  it("fails on a missing migrations folder before touching the engine", async () => {
    const { jobs, options } = await setUp({ exit: 0 });
    await expect(runMigrations({ ...options, settings: { ...options.settings, dir: "/nonexistent/berth-migrations" } })).rejects.toMatchObject({ code: "migrate.no-dir" });
    expect(jobs).toEqual([]);
  });
});

describe("readMigrationStatus", () => {
  it("sorts the folder by what the database recorded", async () => {
    const { options } = await setUp({ exit: 0, stdout: `berth-record|001_init.sql|${sha256Of("CREATE TABLE notes (id int);\n")}\nberth-record|000_gone.sql|c\n` });
    expect(await readMigrationStatus(options)).toEqual({ applied: ["001_init.sql"], pending: ["002_index.sql"], changed: [], missing: ["000_gone.sql"] });
  });

  it("fails with psql's own words when the status query fails", async () => {
    const { options } = await setUp({ exit: 2, stderr: "psql: error: connection to server failed\n" });
    await expect(readMigrationStatus(options)).rejects.toMatchObject({
      code: "migrate.status-failed",
      message: "reading the applied migrations of db failed (exit 2): psql: error: connection to server failed",
      hint: "berth ps db shows whether it runs; berth logs db shows why it refuses",
    });
  });
});
