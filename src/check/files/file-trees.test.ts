import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findUp, listSourceFiles, readPackageJson } from "../helpers/app-files.js";
import { isSecretFile } from "../helpers/secret-files.js";
import { cachedFileTree } from "./cached-file-tree.js";
import { diskFileTree } from "./disk-file-tree.js";
import type { FileTree } from "./file-tree.js";
import { memoryFileTree } from "./memory-file-tree.js";

const root = mkdtempSync(join(tmpdir(), "berth-tree-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const files: Record<string, string> = {
  "app/package.json": JSON.stringify({ dependencies: { next: "14" }, devDependencies: { vitest: "4" }, workspaces: { packages: ["packages/*"] }, scripts: { build: "next build" } }),
  "app/src/page.tsx": "",
  "app/src/lib/db.ts": "",
  "app/node_modules/x/index.ts": "",
  "app/README.md": "",
  "bad/package.json": "{ not json",
};
for (const [path, text] of Object.entries(files)) {
  mkdirSync(join(root, path, ".."), { recursive: true });
  writeFileSync(join(root, path), text);
}
writeFileSync(join(root, "big.txt"), "x".repeat(1_000_001));

/** The same questions to the disk tree and the in-memory tree (what rule tests use) must get the same answers. */
const trees: [string, FileTree][] = [
  ["disk", diskFileTree()],
  ["memory", memoryFileTree(Object.fromEntries(Object.entries(files).map(([path, text]) => [join(root, path), text])))],
];

describe.each(trees)("the %s file tree", (_, tree) => {
  it("answers file, folder and listing questions", () => {
    expect(tree.readText(join(root, "app/src/page.tsx"))).toBe("");
    expect(tree.readText(join(root, "app/src"))).toBeUndefined();
    expect([tree.exists(join(root, "app/src")), tree.isDirectory(join(root, "app/src")), tree.isDirectory(join(root, "app/README.md")), tree.exists(join(root, "nope"))]).toEqual([true, true, false, false]);
    expect([...tree.list(join(root, "app/src"))].sort()).toEqual(["lib", "page.tsx"]);
    expect(tree.list(join(root, "nope"))).toEqual([]);
  });

  it("reads package.json with every kind of dependency and workspaces, and ignores one that is not JSON", () => {
    expect(readPackageJson(tree, join(root, "app"))).toEqual({ path: join(root, "app/package.json"), dependencies: { next: "14", vitest: "4" }, workspaces: ["packages/*"], scripts: { build: "next build" } });
    expect(readPackageJson(tree, join(root, "bad"))).toBeUndefined();
    expect(readPackageJson(tree, join(root, "nope"))).toBeUndefined();
  });

  it("finds the nearest folder holding a file, never above the root it is given", () => {
    expect(findUp(tree, join(root, "app/src/lib"), root, "package.json")).toBe(join(root, "app"));
    expect(findUp(tree, join(root, "app/src/lib"), join(root, "app/src"), "package.json")).toBeUndefined();
  });

  it("lists source files breadth first, skipping dependency and build folders, up to a limit", () => {
    expect(listSourceFiles(tree, join(root, "app"), /\.tsx?$/)).toEqual([join(root, "app/src/page.tsx"), join(root, "app/src/lib/db.ts")]);
    expect(listSourceFiles(tree, join(root, "app"), /\.tsx?$/, 1)).toHaveLength(1);
  });
});

describe("diskFileTree", () => {
  it("reads a file over 1 MB as absent (checks stay fast), and gives modes", () => {
    const disk = diskFileTree();
    expect(disk.readText(join(root, "big.txt"))).toBeUndefined();
    expect(disk.exists(join(root, "big.txt"))).toBe(true);
    expect((disk.mode(join(root, "app/README.md")) ?? 0) & 0o777).toBeGreaterThan(0);
    expect(disk.mode(join(root, "nope"))).toBeUndefined();
  });
});

describe("cachedFileTree", () => {
  it("asks the tree under it once per question", () => {
    const asked: string[] = [];
    const inner = memoryFileTree({ "/p/a": "1" });
    const counting: FileTree = { ...inner, readText: (path) => (asked.push(path), inner.readText(path)) };
    const cached = cachedFileTree(counting);
    expect([cached.readText("/p/a"), cached.readText("/p/a"), cached.readText("/p/b"), cached.readText("/p/b")]).toEqual(["1", "1", undefined, undefined]);
    expect(asked).toEqual(["/p/a", "/p/b"]);
  });
});

describe("isSecretFile", () => {
  const npmrc = (text: string) => () => text;
  it.each([
    [".env", true],
    [".env.production", true],
    ["certs/server.key", true],
    ["deploy/id_ed25519", true],
    ["service-account-prod.json", true],
    [".env.example", false],
    ["config/.env.production.sample", false],
    ["package.json", false],
  ])("%s holds secrets: %s", (path, secret) => {
    expect(isSecretFile(path, () => undefined)).toBe(secret);
  });

  it("counts .npmrc and friends only when they carry a credential", () => {
    expect(isSecretFile(".npmrc", npmrc("//registry.npmjs.org/:_authToken=abc\n"))).toBe(true);
    expect(isSecretFile(".npmrc", npmrc("save-exact=true\n"))).toBe(false);
    expect(isSecretFile(".pypirc", npmrc("[pypi]\npassword = x\n"))).toBe(true);
    expect(isSecretFile(".yarnrc.yml", () => undefined)).toBe(false);
  });
});
