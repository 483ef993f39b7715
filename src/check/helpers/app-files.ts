import { posix } from "node:path";
import type { FileTree } from "../files/file-tree.js";

export interface PackageJson {
  readonly path: string;
  readonly dependencies: Readonly<Record<string, string>>;
  readonly workspaces: readonly string[];
  readonly scripts: Readonly<Record<string, string>>;
}

/** Reads package.json (dependencies of all kinds merged); undefined when absent or not JSON. */
export function readPackageJson(files: FileTree, dir: string): PackageJson | undefined {
  const path = posix.join(dir, "package.json");
  const text = files.readText(path);
  if (text === undefined) return undefined;
  try {
    const json = JSON.parse(text) as Record<string, unknown>;
    const record = (key: string) => (typeof json[key] === "object" && json[key] !== null ? (json[key] as Record<string, string>) : {});
    const workspaces = Array.isArray(json["workspaces"]) ? (json["workspaces"] as string[]) : ((json["workspaces"] as { packages?: string[] } | undefined)?.packages ?? []);
    return { path, dependencies: { ...record("dependencies"), ...record("devDependencies") }, workspaces, scripts: record("scripts") };
  } catch {
    return undefined;
  }
}

/** Finds the nearest directory at or above `dir` (within `root`) that holds a file named `name`. */
export function findUp(files: FileTree, dir: string, root: string, name: string): string | undefined {
  for (let current = dir; current.startsWith(root); current = posix.dirname(current)) {
    if (files.exists(posix.join(current, name))) return current;
    if (current === root || current === "/") break;
  }
  return undefined;
}

/** Source files under a directory, breadth first, bounded so a large tree stays fast. */
export function listSourceFiles(files: FileTree, dir: string, extensions: RegExp, limit = 400): string[] {
  const found: string[] = [];
  const queue = [dir];
  const skip = new Set(["node_modules", ".git", "dist", "build", ".next", ".venv", "venv", "__pycache__", "coverage", "out"]);
  while (queue.length > 0 && found.length < limit) {
    const current = queue.shift()!;
    for (const name of files.list(current)) {
      // The limit holds inside one folder too: a folder of thousands of files stops at it.
      if (found.length >= limit) break;
      const path = posix.join(current, name);
      if (skip.has(name)) continue;
      if (files.isDirectory(path)) queue.push(path);
      else if (extensions.test(name)) found.push(path);
    }
  }
  return found;
}
