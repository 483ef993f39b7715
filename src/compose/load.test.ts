import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UsageError } from "../common/errors.js";
import { loadProject } from "./load.js";
import { writeProject } from "./testing/inline-project.js";

const files = {
  "compose.yaml": "services:\n  base:\n    image: base:1\n    ports: ['80:80']\n  web:\n    extends: base\n    environment: {A: '1'}\n",
  "compose.override.yaml": "services:\n  web:\n    environment: {A: '2'}\n",
  ".env": "UNUSED=1\n",
};

describe("loadProject", () => {
  const dir = writeProject(files, "site");
  const project = loadProject({ files: [], profiles: [], envFiles: [], environment: { HOME: "/h" }, cwd: dir });

  it("describes where the project came from", () => {
    expect(project.name).toBe("site");
    expect(project.meta.workingDir).toBe(dir);
    expect(project.meta.composeFiles).toEqual([join(dir, "compose.yaml"), join(dir, "compose.override.yaml")]);
    expect(project.meta.envFiles).toEqual([join(dir, ".env")]);
    expect(project.meta.environment["COMPOSE_PROJECT_NAME"]).toBe("site");
  });

  it("locates every key in the file that set it last", () => {
    const { sourceMap } = project.meta;
    expect(sourceMap.locate(["services", "web", "environment", "A"])).toEqual({ file: join(dir, "compose.override.yaml"), line: 3, column: 19 });
    expect(sourceMap.locate(["services", "base", "image"])).toEqual({ file: join(dir, "compose.yaml"), line: 3, column: 5 });
  });

  it("locates inherited keys at the base service", () => {
    expect(project.meta.sourceMap.locate(["services", "web", "image"])).toEqual({ file: join(dir, "compose.yaml"), line: 3, column: 5 });
    expect(project.meta.sourceMap.locateNearest(["services", "web", "ports", 0, "target"])?.line).toBe(4);
  });

  it("fails with a usage error on an invalid -p", () => {
    expect(() => loadProject({ files: [], profiles: [], envFiles: [], environment: {}, cwd: dir, projectName: "No Spaces" })).toThrow(UsageError);
  });
});

describe("positions of merged list items", () => {
  it("follow appended, expanded and de-duplicated items to their own file and line", () => {
    const dir = writeProject({
      "compose.yaml": "services:\n  web:\n    image: a\n    ports:\n      - '8000-8001:8000-8001'\n      - '9000:9000'\n",
      "compose.override.yaml": "services:\n  web:\n    ports:\n      - '9000:9000'\n      - '7000:7000'\n",
    });
    const project = loadProject({ files: [], profiles: [], envFiles: [], environment: {}, cwd: dir });
    const lineOf = (index: number) => project.meta.sourceMap.locate(["services", "web", "ports", index]);
    expect(project.services["web"]?.ports?.map((p) => p.target)).toEqual([8000, 8001, 9000, 7000]);
    expect([lineOf(0)?.line, lineOf(1)?.line]).toEqual([5, 5]);
    expect(lineOf(2)).toEqual({ file: join(dir, "compose.override.yaml"), line: 4, column: 9 });
    expect(lineOf(3)).toEqual({ file: join(dir, "compose.override.yaml"), line: 5, column: 9 });
  });
});
