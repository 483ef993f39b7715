import type { FileTree } from "./file-tree.js";

/** Remembers every answer of a file tree for one check run: rules ask for the same files often. */
export function cachedFileTree(files: FileTree): FileTree {
  const memo = <T>(read: (path: string) => T): ((path: string) => T) => {
    const cache = new Map<string, T>();
    return (path) => {
      if (!cache.has(path)) cache.set(path, read(path));
      return cache.get(path) as T;
    };
  };
  return {
    readText: memo((path) => files.readText(path)),
    exists: memo((path) => files.exists(path)),
    isDirectory: memo((path) => files.isDirectory(path)),
    list: memo((path) => files.list(path)),
    mode: memo((path) => files.mode(path)),
    skipped: () => files.skipped(),
  };
}
