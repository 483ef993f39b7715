import { readFileSync, readdirSync, statSync, type Stats } from "node:fs";
import { maxCheckedFileBytes, type FileTree, type SkippedFile } from "./file-tree.js";

const statOf = (path: string): Stats | undefined => {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
};

/** The real file system, read only; large files (> 1 MB) read as absent, and are listed as skipped. */
export function diskFileTree(): FileTree {
  const skipped: SkippedFile[] = [];
  return {
    readText(path) {
      const stats = statOf(path);
      if (!stats?.isFile()) return undefined;
      if (stats.size > maxCheckedFileBytes) {
        if (!skipped.some((file) => file.path === path)) skipped.push({ path, bytes: stats.size });
        return undefined;
      }
      return readFileSync(path, "utf8");
    },
    skipped: () => skipped,
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
