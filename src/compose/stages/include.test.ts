import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadProject } from "../load.js";
import { caughtConfigError } from "../testing/caught.js";
import { loadInline, writeProject } from "../testing/inline-project.js";

const load = (files: Record<string, string>, environment: Record<string, string> = {}) => {
  const dir = writeProject(files);
  return { dir, project: loadProject({ files: [], profiles: [], envFiles: [], environment: { HOME: "/h", ...environment }, cwd: dir }) };
};

describe("include", () => {
  it("brings the included project's services in, its relative paths resolved against its own folder", () => {
    const { dir, project } = load({
      "compose.yaml": "include:\n  - db/compose.yaml\nservices:\n  web:\n    image: w\n    depends_on: [db]\n",
      "db/compose.yaml": "services:\n  db:\n    image: postgres:15\n    build: ./image\n    volumes: [./data:/var/lib/postgresql/data]\n    env_file: [db.env]\n",
      "db/db.env": "POSTGRES_DB=shop\n",
    });
    const db = project.services["db"];
    expect(Object.keys(project.services).sort()).toEqual(["db", "web"]);
    expect(db?.build?.context).toBe(join(dir, "db/image"));
    expect(db?.volumes?.[0]).toMatchObject({ type: "bind", source: join(dir, "db/data"), target: "/var/lib/postgresql/data" });
    expect(db?.environment).toEqual({ POSTGRES_DB: "shop" });
    expect(project.services["web"]?.depends_on?.["db"]?.condition).toBe("service_started");
  });

  it("interpolates the included file with its own .env, the including project's variables winning", () => {
    const files = { "compose.yaml": "include:\n  - db/compose.yaml\n", "db/compose.yaml": "services:\n  db:\n    image: postgres:${PG_VERSION}\n", "db/.env": "PG_VERSION=15\n" };
    expect(load(files).project.services["db"]?.image).toBe("postgres:15");
    expect(load(files, { PG_VERSION: "16" }).project.services["db"]?.image).toBe("postgres:16");
    expect(load({ ...files, ".env": "PG_VERSION=14\n" }).project.services["db"]?.image).toBe("postgres:14");
  });

  it("reads the long form: several files merged in order, a project_directory and an env_file instead of .env", () => {
    const { dir, project } = load({
      "compose.yaml": "include:\n  - path: [parts/base.yaml, parts/more.yaml]\n    project_directory: .\n    env_file: vars.env\n",
      "parts/base.yaml": "services:\n  api:\n    image: ${IMAGE}\n    build: ./api\n    environment: [A=1]\n",
      "parts/more.yaml": "services:\n  api:\n    environment: [B=2]\n",
      "parts/.env": "IMAGE=ignored-because-env_file-is-given\n",
      "vars.env": "IMAGE=api:2\n",
    });
    const api = project.services["api"];
    expect(api?.image).toBe("api:2");
    expect(api?.environment).toEqual({ A: "1", B: "2" });
    // project_directory `.` is the including project's folder, so ./api is not under parts/.
    expect(api?.build?.context).toBe(join(dir, "api"));
  });

  it("accepts a service declared again identically, as compose does", () => {
    const project = loadInline("include:\n  - other.yaml\nservices:\n  cache:\n    image: redis:7\n", { extraFiles: { "other.yaml": "services:\n  cache:\n    image: redis:7\n" } });
    expect(project.services["cache"]?.image).toBe("redis:7");
  });

  it("refuses a service the including file defines differently, located at the redefinition", () => {
    const error = caughtConfigError(() =>
      loadInline("include:\n  - other.yaml\nservices:\n  web:\n    image: w\n  cache:\n    image: redis:6\n", { extraFiles: { "other.yaml": "services:\n  cache:\n    image: redis:7\n    ports: ['6379:6379']\n" } }),
    );
    expect(error.code).toBe("compose.include-conflict");
    expect(error.message).toBe("services.cache conflicts with imported resource");
    expect(error.location?.file.endsWith("compose.yaml")).toBe(true);
    expect(error.location?.line).toBe(6);
    expect(error.hint).toContain("override file");
  });

  it("refuses two includes that define the same volume differently, located at the second include", () => {
    const error = caughtConfigError(() =>
      loadInline("include:\n  - a.yaml\n  - b.yaml\n", {
        extraFiles: {
          "a.yaml": "services:\n  a:\n    image: a\n    volumes: [data:/d]\nvolumes:\n  data: {}\n",
          "b.yaml": "services:\n  b:\n    image: b\n    volumes: [data:/d]\nvolumes:\n  data:\n    driver: other\n",
        },
      }),
    );
    expect(error.message).toBe("volumes.data conflicts with imported resource");
    expect(error.location?.line).toBe(3);
  });

  it("lets an override file (-f) change an included service, which is compose's way to do it", () => {
    const dir = writeProject({
      "compose.yaml": "include:\n  - db.yaml\n",
      "db.yaml": "services:\n  db:\n    image: postgres:15\n",
      "compose.override.yaml": "services:\n  db:\n    image: postgres:16\n",
    });
    const project = loadProject({ files: [], profiles: [], envFiles: [], environment: {}, cwd: dir });
    expect(project.services["db"]?.image).toBe("postgres:16");
  });

  it("points a missing included file at the include entry, with a hint about the path", () => {
    const error = caughtConfigError(() => loadInline("services:\n  a:\n    image: x\ninclude:\n  - nowhere/compose.yaml\n"));
    expect(error.code).toBe("compose.read");
    expect(error.message).toContain("nowhere/compose.yaml");
    expect(error.location).toMatchObject({ line: 5 });
    expect(error.hint).toBe("fix the path in include (relative to the project directory)");
  });

  it("names every file of an include cycle that goes through another file", () => {
    const error = caughtConfigError(() => loadInline("include:\n  - sub/compose.yaml\n", { extraFiles: { "sub/compose.yaml": "include: [../compose.yaml]\nservices:\n  db:\n    image: pg\n" } }));
    expect(error.code).toBe("compose.include-cycle");
    expect(error.message).toMatch(/^include cycle: .*\/compose\.yaml, includes .*\/sub\/compose\.yaml, includes .*\/compose\.yaml$/);
    expect(error.location).toMatchObject({ line: 1 });
    expect(error.location?.file.endsWith("sub/compose.yaml")).toBe(true);
    expect(error.hint).toContain("directly or through others");
  });

  it("interpolates the include entry itself, so a variable may choose the included file", () => {
    const files = { "compose.yaml": "include:\n  - path: stacks/${STACK:-dev}.yaml\n", "stacks/dev.yaml": "services:\n  app:\n    image: app:dev\n", "stacks/prod.yaml": "services:\n  app:\n    image: app:prod\n" };
    expect(load(files).project.services["app"]?.image).toBe("app:dev");
    expect(load(files, { STACK: "prod" }).project.services["app"]?.image).toBe("app:prod");
  });

  it("brings in the included project's networks and volumes, named after the including project", () => {
    const { project } = load({
      "compose.yaml": "include: [db/compose.yaml]\nservices:\n  web:\n    image: w\n    networks: [back]\n",
      "db/compose.yaml": "services:\n  db:\n    image: pg\n    networks: [back]\n    volumes: [pgdata:/var/lib/postgresql/data]\nnetworks:\n  back: {}\nvolumes:\n  pgdata: {}\n",
    });
    expect(project.networks["back"]).toMatchObject({ name: "proj_back" });
    expect(project.volumes["pgdata"]).toMatchObject({ name: "proj_pgdata" });
  });
});
