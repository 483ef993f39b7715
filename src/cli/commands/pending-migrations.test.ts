import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FakeEngine } from "../../engine/fake-engine.js";
import { testProject } from "../../plan/test-project.js";
import { pendingMigrationsLine, pendingMigrationsNote } from "./pending-migrations.js";

const settings = { service: "db", dir: "/srv/app/migrations" };
const dirs: string[] = [];
afterEach(async () => Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true }))));

describe("pendingMigrationsLine", () => {
  it("names the pending files and the fix", () => {
    expect(pendingMigrationsLine({ applied: ["001_init.sql"], pending: ["002_users.sql", "003_orders.sql"], changed: [], missing: [] }, settings)).toBe(
      "warning: 2 migration(s) pending on db: 002_users.sql, 003_orders.sql; berth migrate applies them\n",
    );
  });

  it("also says when an applied file changed", () => {
    expect(pendingMigrationsLine({ applied: [], pending: [], changed: ["001_init.sql"], missing: [] }, settings)).toBe("warning: 001_init.sql changed since applied (berth migrate refuses)\n");
  });

  it("nothing when the database is up to date", () => {
    expect(pendingMigrationsLine({ applied: ["001_init.sql"], pending: [], changed: [], missing: ["000_old.sql"] }, settings)).toBeUndefined();
  });
});

describe("pendingMigrationsNote", () => {
  it("a project without a Postgres service or migrations says nothing and touches no engine", async () => {
    const engine = new FakeEngine();
    expect(await pendingMigrationsNote(engine, testProject("shop", { web: { image: "nginx:1.22" } }), "/srv/app", new AbortController().signal)).toBeUndefined();
    expect(engine.calls).toEqual([]);
  });

  it("a Postgres project without a migrations folder says nothing", async () => {
    const dir = await mkdtemp(join(tmpdir(), "berth-pending-"));
    dirs.push(dir);
    const project = { ...testProject("shop", { db: { image: "postgres:15" } }), meta: { ...testProject("shop", {}).meta, workingDir: dir } };
    expect(await pendingMigrationsNote(new FakeEngine(), project, dir, new AbortController().signal)).toBeUndefined();
  });
});
