import { describe, expect, it } from "vitest";
import { describeCycle, folderCycles, folderGraph, folderOf, importsOf } from "./folder-graph.js";

const files = (entries: Record<string, string>) => new Map(Object.entries(entries));

describe("importsOf", () => {
  it("finds value, type-only, re-exported, dynamic and import-type imports, resolved against the file", () => {
    const text = [
      'import { a } from "../deploy/a.js";',
      'import type { B } from "./b.js";',
      'export { c } from "../plan/c.js";',
      'export type { D } from "../journal/d.js";',
      'const e = await import("../runs/e.js");',
      'let f: import("../report/f.js").F;',
      'import { readFile } from "node:fs/promises";',
      '// import { g } from "../cli/g.js";',
      'const text = "import { h } from \'../server/h.js\'";',
    ].join("\n");
    expect(importsOf("src/rollout/x.ts", text)).toEqual([
      { from: "src/rollout/x.ts", to: "src/deploy/a.js", kind: "value" },
      { from: "src/rollout/x.ts", to: "src/rollout/b.js", kind: "type" },
      { from: "src/rollout/x.ts", to: "src/plan/c.js", kind: "value" },
      { from: "src/rollout/x.ts", to: "src/journal/d.js", kind: "type" },
      { from: "src/rollout/x.ts", to: "src/runs/e.js", kind: "dynamic" },
      { from: "src/rollout/x.ts", to: "src/report/f.js", kind: "type" },
    ]);
  });

  it("ignores package imports and text that only looks like an import", () => {
    expect(importsOf("src/a/x.ts", 'import x from "dockerode";\nconst s = `from "../b/y.js"`;')).toEqual([]);
  });
});

describe("folderOf", () => {
  it("is the first folder under the root, and nothing for files at the root or outside it", () => {
    expect(folderOf("src", "src/deploy/gates/healthy-gate.ts")).toBe("deploy");
    expect(folderOf("src", "src/index.ts")).toBeUndefined();
    expect(folderOf("src", "e2e/up.e2e.ts")).toBeUndefined();
  });
});

describe("folderCycles", () => {
  it("finds none in layers that only point down", () => {
    const graph = folderGraph("src", files({
      "src/cli/up.ts": 'import "../runs/up.js";',
      "src/runs/up.ts": 'import "../deploy/x.js"; import "../rollout/y.js";',
      "src/rollout/y.ts": 'import "../deploy/x.js";',
      "src/deploy/x.ts": 'import "../common/z.js";',
      "src/common/z.ts": "",
    }));
    expect(folderCycles(graph)).toEqual([]);
  });

  it("finds a cycle through type-only imports and names the shortest way around it", () => {
    const graph = folderGraph("src", files({
      "src/deploy/x.ts": 'import { roll } from "../rollout/y.js";',
      "src/rollout/y.ts": 'import { release } from "../release/z.js";',
      "src/release/z.ts": 'import type { X } from "../deploy/x.js"; import "../rollout/y.js";',
      "src/common/w.ts": "",
    }));
    const cycles = folderCycles(graph);
    expect(cycles).toEqual([["deploy", "rollout", "release", "deploy"]]);
    expect(describeCycle(cycles[0] ?? [], graph)).toBe(
      [
        "folder cycle deploy -> rollout -> release -> deploy",
        "  deploy -> rollout: src/deploy/x.ts imports src/rollout/y.js",
        "  rollout -> release: src/rollout/y.ts imports src/release/z.js",
        "  release -> deploy: src/release/z.ts imports src/deploy/x.js (type)",
      ].join("\n"),
    );
  });

  it("finds a cycle made by a dynamic import, and one per tangled group", () => {
    const graph = folderGraph("src", files({
      "src/a/x.ts": 'await import("../b/y.js");',
      "src/b/y.ts": 'import "../a/x.js";',
      "src/c/x.ts": 'import "../d/y.js";',
      "src/d/y.ts": 'export * from "../c/x.js";',
    }));
    expect(folderCycles(graph).sort()).toEqual([["a", "b", "a"], ["c", "d", "c"]]);
  });

  it("does not count imports inside one folder", () => {
    const graph = folderGraph("src", files({ "src/deploy/gates/g.ts": 'import "../execute.js";', "src/deploy/execute.ts": 'import "./gates/g.js";' }));
    expect(folderCycles(graph)).toEqual([]);
    expect(graph.edges.size).toBe(0);
  });
});
