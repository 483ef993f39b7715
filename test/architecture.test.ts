import { readdirSync, readFileSync } from "node:fs";
import { join, posix, relative } from "node:path";
import { describe, expect, it } from "vitest";
// The one layer table, read by eslint.config.js too: lint and this test enforce the same directions.
import { layers } from "../eslint.layers.js";
import { describeCycle, folderCycles, folderGraph } from "./architecture/folder-graph.js";

const root = join(import.meta.dirname, "..");

/** Production code only: tests and their helpers may reach up to drive a run. */
const isTestCode = (path: string): boolean => /\.test\.ts$/.test(path) || /(^|\/)test-[^/]*\.ts$/.test(path) || path.split("/").includes("testing");

function sourceFiles(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) {
        const key = relative(root, path).split("\\").join(posix.sep);
        if (!isTestCode(key)) files.set(key, readFileSync(path, "utf8"));
      }
    }
  };
  walk(join(root, dir));
  return files;
}

const graph = folderGraph("src", sourceFiles("src"));
const table = layers as Readonly<Record<string, readonly string[]>>;

describe("the architecture of src/", () => {
  it("has no import cycle between folders (value, type-only and dynamic imports alike)", () => {
    const cycles = folderCycles(graph).map((cycle) => describeCycle(cycle, graph));
    expect(cycles, cycles.join("\n\n")).toEqual([]);
  });

  it("gives every folder of src/ a layer in eslint.layers.js", () => {
    expect(graph.folders.filter((folder) => !(folder in table))).toEqual([]);
  });

  it("imports only what each layer allows (lint cannot see dynamic imports)", () => {
    const wrong = [...graph.edges].flatMap(([key, edges]) => {
      const [from, to] = key.split(" -> ") as [string, string];
      return (table[from] ?? []).includes(to) ? [] : edges.map((edge) => `${edge.from} imports ${edge.to} (${from}/ may import ${(table[from] ?? []).join(", ")})`);
    });
    expect(wrong, wrong.join("\n")).toEqual([]);
  });

  it("keeps the layer table itself acyclic, so following it can never close a cycle", () => {
    const tableGraph = { folders: Object.keys(table), edges: new Map(Object.entries(table).flatMap(([from, tos]) => tos.map((to) => [`${from} -> ${to}`, []] as const))) };
    expect(folderCycles(tableGraph).map((cycle) => cycle.join(" -> "))).toEqual([]);
  });
});
