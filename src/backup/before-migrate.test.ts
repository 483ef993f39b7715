import { describe, expect, it } from "vitest";
import { loadInline } from "../compose/testing/inline-project.js";
import type { Engine } from "../engine/engine.js";
import type { Plan, Step } from "../plan/plan.js";
import { backupBeforeMigrate, migrationJobsIn } from "./before-migrate.js";

const yaml = (beforeMigrate: boolean) => `
name: shop
x-berth:
  backup: { before_migrate: ${beforeMigrate} }
services:
  db: { image: postgres:15 }
  migrate:
    image: postgres:15
    depends_on: { db: { condition: service_healthy } }
  api:
    image: node:20-bookworm-slim
    depends_on: { migrate: { condition: service_completed_successfully } }
`;

const container = (id: number, kind: "create-container" | "start-container", service: string): Step => ({
  id,
  operation: { kind, service, number: 1, name: `shop-${service}-1` },
  cause: "test",
  after: [],
});
const plan = (...steps: Step[]): Plan => ({ project: "shop", steps, warnings: [] });
// Any engine call fails the test: these paths must decide without touching the engine.
const untouchable = new Proxy({}, { get: () => () => Promise.reject(new Error("the engine must not be used")) }) as Engine;

describe("migrationJobsIn", () => {
  it("finds the job a plan starts, not the services that wait for it", () => {
    expect(migrationJobsIn(loadInline(yaml(true)), plan(container(1, "create-container", "db"), container(2, "create-container", "migrate"), container(3, "start-container", "api")))).toEqual(["migrate"]);
  });

  it("finds none when the plan leaves the job alone", () => {
    expect(migrationJobsIn(loadInline(yaml(true)), plan(container(1, "start-container", "api")))).toEqual([]);
  });
});

describe("backupBeforeMigrate", () => {
  const base = { engine: untouchable, env: { BERTH_STATE_DIR: "/tmp/berth-unit-state" }, berthVersion: "0.1.0" };

  it("does nothing unless x-berth.backup.before_migrate is set", async () => {
    const result = await backupBeforeMigrate({ ...base, project: loadInline(yaml(false)), plan: plan(container(1, "create-container", "migrate")) });
    expect(result).toEqual({ ran: false, reason: "x-berth.backup.before_migrate is not set" });
  });

  it("does nothing when the plan runs no migration job", async () => {
    const result = await backupBeforeMigrate({ ...base, project: loadInline(yaml(true)), plan: plan(container(1, "start-container", "api")) });
    expect(result).toEqual({ ran: false, reason: "the plan runs no migration job" });
  });
});
