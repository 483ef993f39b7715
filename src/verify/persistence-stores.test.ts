import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ContainerDetails } from "../engine/engine.js";
import type { PersistenceProbe } from "./probe.js";
import { storeSteps, type StoreCommand } from "./persistence-stores.js";

const details = (env: readonly string[]) => ({ Id: "c1", Config: { Env: env } }) as unknown as ContainerDetails;
const probe = (over: Partial<PersistenceProbe>): PersistenceProbe => ({ kind: "persistence", name: "p", service: "db", store: "file", restart: true, timeoutMs: 5_000, ...over });

/** Runs a step's argv here, as the container would (the file store needs only sh, printf, cat, rm). */
function run(step: StoreCommand): { code: number | null; stdout: string } {
  const [file, ...args] = step.command;
  const result = spawnSync(file!, args, { encoding: "utf8" });
  return { code: result.status, stdout: result.stdout };
}

describe("storeSteps: file", () => {
  it("writes, reads back and removes a marker in the directory, whatever characters the marker holds", () => {
    const dir = mkdtempSync(join(tmpdir(), "berth-persist-"));
    try {
      const steps = storeSteps(probe({ path: `${dir}/` }), details([]));
      const marker = `berth-1 "quoted" $HOME; rm -rf x`;
      expect(run(steps.write(marker)).code).toBe(0);
      expect(readFileSync(join(dir, ".berth-verify-marker"), "utf8")).toBe(marker);
      expect(run(steps.read(marker)).stdout).toContain(steps.found(marker));
      expect(run(steps.dataPath).stdout.trim()).toBe(`${dir}/`);
      expect(run(steps.ready).code).toBe(0);
      run(steps.cleanup(marker));
      expect(existsSync(join(dir, ".berth-verify-marker"))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("fails the read when the marker is gone (what a lost volume looks like)", () => {
    const steps = storeSteps(probe({ path: "/nonexistent/berth-data" }), details([]));
    const read = run(steps.read("m"));
    expect(read.code).not.toBe(0);
    expect(read.stdout).not.toContain("m");
  });
});

describe("storeSteps: databases", () => {
  it("talks to postgres as the container's user through libpq variables, with one marker table", () => {
    const steps = storeSteps(probe({ store: "postgres" }), details(["POSTGRES_USER=shopper", "POSTGRES_DB=orders"]));
    const write = steps.write("m-1");
    expect(write.env).toEqual(["PGUSER=shopper", "PGDATABASE=orders"]);
    expect(write.command.slice(0, 6)).toEqual(["psql", "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1"]);
    expect(write.command.at(-1)).toContain("INSERT INTO berth_verify_marker (marker) VALUES ('m-1');");
    expect(steps.read("m-1").command.at(-1)).toBe("SELECT marker FROM berth_verify_marker WHERE marker = 'm-1';");
    expect(steps.cleanup("m-1").command.at(-1)).toContain("DROP TABLE IF EXISTS berth_verify_marker;");
  });

  it("uses the app's URL for postgres when the probe has one, the password never on the command line", () => {
    const steps = storeSteps(probe({ store: "postgres", url: "postgres://app:pw%21@db/shop" }), details([]));
    expect(steps.read("m").env).toEqual(["PGHOST=db", "PGPORT=5432", "PGUSER=app", "PGPASSWORD=pw!", "PGDATABASE=shop"]);
    expect(steps.read("m").command.join(" ")).not.toContain("pw!");
  });

  it("authenticates redis-cli with the container's REDIS_PASSWORD, and without one sends none", () => {
    const withPassword = storeSteps(probe({ store: "redis" }), details(["REDIS_PASSWORD=hunter2"]));
    expect(withPassword.write("m")).toEqual({ command: ["redis-cli", "SET", "berth:verify:m", "m"], env: ["REDISCLI_AUTH=hunter2"] });
    expect(withPassword.dataPath.command).toEqual(["sh", "-c", "redis-cli CONFIG GET dir | tail -n 1"]);
    const open = storeSteps(probe({ store: "redis" }), details([]));
    expect(open.read("m")).toEqual({ command: ["redis-cli", "GET", "berth:verify:m"], env: [] });
    expect(open.cleanup("m").command).toEqual(["redis-cli", "DEL", "berth:verify:m"]);
  });
});
