/**
 * Read-only view of the user's files. Rules never touch node:fs: the CLI passes the disk, tests
 * pass an in-memory tree, and nothing in check/ can write.
 */
export interface FileTree {
  /** Text of a file, or undefined when it is absent or a directory. */
  readText(path: string): string | undefined;
  exists(path: string): boolean;
  isDirectory(path: string): boolean;
  /** Entry names of a directory (not recursive); empty when absent. */
  list(path: string): readonly string[];
  /** File mode bits, when the tree knows them. */
  mode(path: string): number | undefined;
}
