/** The most `berth check` reads of one file beside the project (docs/limits.md); no flag raises it. */
export const maxCheckedFileBytes = 1_000_000;

/** A file `readText` refused because it is larger than maxCheckedFileBytes. */
export interface SkippedFile {
  readonly path: string;
  readonly bytes: number;
}

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
  /** The files `readText` refused as too large so far, each once, in the order asked. */
  skipped(): readonly SkippedFile[];
}
