import { posix } from "node:path";
import { maxCheckedFileBytes, type FileTree, type SkippedFile } from "./file-tree.js";

/** A file tree held in memory, for tests: keys are absolute paths, values the file text. */
export function memoryFileTree(files: Readonly<Record<string, string>>, modes: Readonly<Record<string, number>> = {}): FileTree {
  const paths = Object.keys(files).map((path) => posix.normalize(path));
  const isDirectory = (path: string) => {
    const prefix = path.endsWith("/") ? path : `${path}/`;
    return paths.some((file) => file.startsWith(prefix));
  };
  const skipped: SkippedFile[] = [];
  return {
    // The same limit as the disk: a text past it reads as absent and is listed as skipped.
    readText(path) {
      const text = files[posix.normalize(path)];
      const bytes = text === undefined ? 0 : Buffer.byteLength(text);
      if (bytes <= maxCheckedFileBytes) return text;
      if (!skipped.some((file) => file.path === path)) skipped.push({ path, bytes });
      return undefined;
    },
    skipped: () => skipped,
    exists: (path) => files[posix.normalize(path)] !== undefined || isDirectory(posix.normalize(path)),
    isDirectory: (path) => isDirectory(posix.normalize(path)),
    list(path) {
      const prefix = posix.normalize(path).replace(/\/?$/, "/");
      const names = paths.filter((file) => file.startsWith(prefix)).map((file) => file.slice(prefix.length).split("/")[0] ?? "");
      return [...new Set(names)].filter((name) => name !== "");
    },
    mode: (path) => modes[posix.normalize(path)] ?? (files[posix.normalize(path)] === undefined ? undefined : 0o644),
  };
}
