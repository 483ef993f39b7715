import { readFileSync, readdirSync, statSync, type Stats } from "node:fs";
import type { FileTree } from "./file-tree.js";

const statOf = (path: string): Stats | undefined => {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
};

/** The real file system, read only; large files (> 1 MB) read as absent to keep checks fast. */
export function diskFileTree(): FileTree {
  return {
    readText(path) {
      const stats = statOf(path);
      if (!stats?.isFile() || stats.size > 1_000_000) return undefined;
      return readFileSync(path, "utf8");
    },
    exists: (path) => statOf(path) !== undefined,
    isDirectory: (path) => statOf(path)?.isDirectory() === true,
    list(path) {
      try {
        return readdirSync(path);
      } catch {
        return [];
      }
    },
    mode: (path) => statOf(path)?.mode,
  };
}
