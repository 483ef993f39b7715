import { describe, expect, it } from "vitest";
import { memoryFileTree } from "../files/memory-file-tree.js";
import { findUp, listSourceFiles, readPackageJson } from "./app-files.js";

describe("readPackageJson", () => {
  it("merges dependencies with devDependencies and reads both workspace forms", () => {
    const files = memoryFileTree({
      "/p/a/package.json": '{ "dependencies": { "react": "18" }, "devDependencies": { "vite": "5" }, "workspaces": ["apps/*"], "scripts": { "build": "vite build" } }',
      "/p/b/package.json": '{ "workspaces": { "packages": ["packages/*"] } }',
    });
    expect(readPackageJson(files, "/p/a")).toEqual({ path: "/p/a/package.json", dependencies: { react: "18", vite: "5" }, workspaces: ["apps/*"], scripts: { build: "vite build" } });
    expect(readPackageJson(files, "/p/b")).toMatchObject({ dependencies: {}, workspaces: ["packages/*"], scripts: {} });
  });
  it("is undefined when package.json is absent or not JSON", () => {
    const files = memoryFileTree({ "/p/broken/package.json": "{ name: app" });
    expect(readPackageJson(files, "/p/none")).toBeUndefined();
    expect(readPackageJson(files, "/p/broken")).toBeUndefined();
  });
  it("treats a null dependencies entry as none", () => {
    expect(readPackageJson(memoryFileTree({ "/p/package.json": '{ "dependencies": null }' }), "/p")?.dependencies).toEqual({});
  });
});

describe("findUp", () => {
  const files = memoryFileTree({ "/repo/pnpm-lock.yaml": "", "/repo/apps/web/package.json": "{}" });
  it("finds the nearest directory holding the file, up to the root", () => {
    expect(findUp(files, "/repo/apps/web", "/repo", "pnpm-lock.yaml")).toBe("/repo");
    expect(findUp(files, "/repo/apps/web", "/repo", "package.json")).toBe("/repo/apps/web");
  });
  it("does not look above the root", () => {
    expect(findUp(files, "/repo/apps/web", "/repo/apps", "pnpm-lock.yaml")).toBeUndefined();
  });
});

describe("listSourceFiles", () => {
  it("lists matching files breadth first and skips dependency and build folders", () => {
    const files = memoryFileTree({
      "/w/src/deep/b.ts": "", "/w/src/a.tsx": "", "/w/index.ts": "", "/w/README.md": "",
      "/w/node_modules/x/index.ts": "", "/w/dist/out.ts": "", "/w/.next/page.ts": "",
    });
    expect(listSourceFiles(files, "/w", /\.tsx?$/)).toEqual(["/w/index.ts", "/w/src/a.tsx", "/w/src/deep/b.ts"]);
  });
  it("stops at the limit, also inside one folder", () => {
    const files = memoryFileTree(Object.fromEntries(Array.from({ length: 30 }, (_, index) => [`/w/f${index}.js`, ""])));
    expect(listSourceFiles(files, "/w", /\.js$/, 10)).toHaveLength(10);
  });
});
