import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { LoadOptions } from "../model/load-options.js";
import { loadProject } from "../load.js";
import { caughtConfigError } from "../testing/caught.js";
import { writeProject } from "../testing/inline-project.js";

const load = (dir: string, options: Partial<LoadOptions> = {}) => loadProject({ files: [], profiles: [], envFiles: [], environment: { HOME: "/h" }, cwd: dir, ...options });

describe("several compose files (-f)", () => {
  const dir = writeProject({
    "compose.yaml": "services:\n  web:\n    image: nginx:1.22\n    ports: ['8080:80']\n    environment: {LEVEL: info, REGION: eu}\n    volumes: ['./html:/usr/share/nginx/html:ro']\n",
    "deploy/prod.yaml": "services:\n  web:\n    image: nginx:1.23\n    ports: ['8443:443']\n    environment: {LEVEL: warn}\n    volumes: ['./prod-html:/usr/share/nginx/html']\n  cache:\n    image: redis:7\n",
    "compose.override.yaml": "services:\n  web:\n    environment: {LOCAL: '1'}\n",
  });

  it("merge in the order given: scalars replaced, maps merged by key, lists appended, mounts merged by target", () => {
    const project = load(dir, { files: ["compose.yaml", "deploy/prod.yaml"] });
    const web = project.services["web"];
    expect(web?.image).toBe("nginx:1.23");
    expect(web?.environment).toEqual({ LEVEL: "warn", REGION: "eu" });
    expect(web?.ports?.map((port) => port.published)).toEqual(["8080", "8443"]);
    // The override's bind is relative to the project directory, not to deploy/.
    expect(web?.volumes).toEqual([{ type: "bind", source: join(dir, "prod-html"), target: "/usr/share/nginx/html", bind: { create_host_path: true } }]);
    expect(Object.keys(project.services)).toEqual(["web", "cache"]);
  });

  it("leave compose.override.yaml out when files are named, and read it when none are", () => {
    expect(load(dir, { files: ["compose.yaml"] }).services["web"]?.environment).not.toHaveProperty("LOCAL");
    expect(load(dir).services["web"]?.environment).toMatchObject({ LOCAL: "1" });
  });

  it("locate a merged key in the file that set it last", () => {
    const project = load(dir, { files: ["compose.yaml", "deploy/prod.yaml"] });
    expect(project.meta.sourceMap.locate(["services", "web", "image"])).toMatchObject({ file: join(dir, "deploy/prod.yaml"), line: 3 });
    expect(project.meta.sourceMap.locate(["services", "web", "environment", "REGION"])).toMatchObject({ file: join(dir, "compose.yaml"), line: 5 });
  });

  it("list the files given, in order, as the project's compose files", () => {
    expect(load(dir, { files: ["compose.yaml", "deploy/prod.yaml"] }).meta.composeFiles).toEqual([join(dir, "compose.yaml"), join(dir, "deploy/prod.yaml")]);
  });
});

describe("per-file problems", () => {
  it("warn once per file that still has `version`, at its line", () => {
    const dir = writeProject({ "compose.yaml": "version: '3.8'\nservices:\n  a:\n    image: x\n", "compose.override.yaml": "services:\n  a:\n    image: y\nversion: '3'\n" });
    const warnings = load(dir).meta.warnings.filter((warning) => warning.code === "compose.version-obsolete");
    expect(warnings.map((warning) => [warning.location?.file, warning.location?.line])).toEqual([
      [join(dir, "compose.yaml"), 1],
      [join(dir, "compose.override.yaml"), 4],
    ]);
    expect(warnings[0]?.message).toContain("the attribute `version` is obsolete");
  });

  it("name a -f file that does not exist, with the flag to fix", () => {
    const error = caughtConfigError(() => load(writeProject({ "compose.yaml": "services: {}\n" }), { files: ["compose.yaml", "compose.prod.yaml"] }));
    expect(error.code).toBe("compose.compose-file-missing");
    expect(error.message).toMatch(/^compose file .*\/compose\.prod\.yaml not found$/);
    expect(error.hint).toBe("check the -f path; it is relative to the current folder");
  });

  it("fail on an empty override file, naming it", () => {
    const dir = writeProject({ "compose.yaml": "services:\n  a:\n    image: x\n", "compose.override.yaml": "# nothing yet\n" });
    const error = caughtConfigError(() => load(dir));
    expect(error.code).toBe("compose.empty");
    expect(error.message).toContain("compose.override.yaml");
  });

  it("validate each file on its own, locating a schema error in the override", () => {
    const dir = writeProject({ "compose.yaml": "services:\n  a:\n    image: x\n", "compose.override.yaml": "services:\n  a:\n    ports: 8080\n" });
    const error = caughtConfigError(() => load(dir));
    expect(error.code).toBe("compose.schema");
    expect(error.location).toMatchObject({ file: join(dir, "compose.override.yaml"), line: 3 });
  });

  it("interpolate every file with the same variables, an override's unset ones warned at its own line", () => {
    const dir = writeProject({ "compose.yaml": "services:\n  a:\n    image: app:${TAG}\n", "compose.override.yaml": "services:\n  a:\n    environment:\n      - MODE=${MODE}\n", ".env": "TAG=2\n" });
    const project = load(dir);
    expect(project.services["a"]?.image).toBe("app:2");
    const unset = project.meta.warnings.find((warning) => warning.message.includes("MODE"));
    expect(unset?.location).toMatchObject({ file: join(dir, "compose.override.yaml"), line: 4 });
  });
});
