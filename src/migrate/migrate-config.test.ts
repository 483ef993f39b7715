import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UsageError } from "../common/errors.js";
import { loadInline } from "../compose/testing/inline-project.js";
import { migrateSettings } from "./migrate-config.js";

const twoServices = `services:\n  db:\n    image: postgres:15\n  api:\n    image: node:20-bookworm-slim\n`;

describe("migrateSettings", () => {
  it("defaults to the only Postgres service and migrations/ in the project folder", () => {
    const project = loadInline(twoServices);
    expect(migrateSettings(project, { cwd: "/elsewhere" })).toEqual({ service: "db", dir: join(project.meta.workingDir, "migrations") });
  });

  it("reads x-berth.migrate, a relative dir from the project folder and an absolute one as is", () => {
    const project = loadInline(`${twoServices}x-berth:\n  migrate:\n    service: db\n    dir: sql/up\n    database: shop\n    user: owner\n`);
    expect(migrateSettings(project, { cwd: "/elsewhere" })).toEqual({ service: "db", dir: join(project.meta.workingDir, "sql/up"), database: "shop", user: "owner" });
    const absolute = loadInline(`${twoServices}x-berth:\n  migrate:\n    dir: /srv/migrations\n`);
    expect(migrateSettings(absolute, { cwd: "/elsewhere" }).dir).toBe("/srv/migrations");
  });

  it("lets flags win over the file, a --dir relative to where berth runs", () => {
    const project = loadInline(`${twoServices}x-berth:\n  migrate:\n    service: api\n    dir: sql\n`);
    expect(migrateSettings(project, { service: "db", dir: "other", cwd: "/work/here" })).toEqual({ service: "db", dir: "/work/here/other" });
  });

  it("refuses an unknown service by name", () => {
    const project = loadInline(twoServices);
    expect(() => migrateSettings(project, { service: "dbb", cwd: "/" })).toThrow(new UsageError("no such service: dbb"));
  });

  it.each([
    ["no Postgres service", `services:\n  api:\n    image: node:20-bookworm-slim\n`, "the project has no Postgres service"],
    ["two Postgres services", `services:\n  a:\n    image: postgres:15\n  b:\n    image: postgres:16-alpine\n`, "the project has 2 Postgres services (a, b)"],
  ])("asks for --service when there is %s", (_, yaml, message) => {
    expect(() => migrateSettings(loadInline(yaml), { cwd: "/" })).toThrow(
      expect.objectContaining({ name: "UsageError", message: expect.stringContaining(message), hint: "name it: --service NAME or x-berth.migrate.service" }),
    );
  });

  it("rejects x-berth.migrate that is not a mapping, at its line", () => {
    const project = loadInline(`${twoServices}x-berth:\n  migrate: sql/\n`);
    expect(() => migrateSettings(project, { cwd: "/" })).toThrow(
      expect.objectContaining({ name: "ConfigError", message: "x-berth.migrate must be a mapping (service, dir, database, user)", location: expect.objectContaining({ file: join(project.meta.workingDir, "compose.yaml"), line: 7 }) }),
    );
  });
});

