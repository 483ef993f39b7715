import { OperationFailed } from "../common/errors.js";

/** What to tell a user for the file-system errors a full disk or a wrong folder produce. */
const hints: Readonly<Record<string, string>> = {
  ENOSPC: "the disk is full: free space there (or point the folder elsewhere) and run the command again",
  EDQUOT: "the disk quota is used up: free space there (or point the folder elsewhere) and run the command again",
  EACCES: "berth may not write there: fix the folder's owner or mode, or choose another folder",
  EPERM: "berth may not write there: fix the folder's owner or mode, or choose another folder",
  EROFS: "that file system is read-only: choose a writable folder",
  ENOTDIR: "a part of that path is a file, not a folder: move the file away or choose another folder",
  EEXIST: "a file stands where berth needs a folder: move it away or choose another folder",
  EISDIR: "a folder stands where berth writes a file: move it away",
  ENAMETOOLONG: "the path is too long: choose a shorter folder",
};

/**
 * A write to berth's own files (manifests, the lock, records of stopped containers) failed: the
 * error names the path, what berth was doing and the fix, rather than a stack trace. Errors with
 * no known cause are returned as they are.
 */
export function locatedFsError(error: unknown, path: string, doing: string): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const hint = code === undefined ? undefined : hints[code];
  if (hint === undefined) return error;
  return new OperationFailed(`fs.${code!.toLowerCase()}`, `${doing} failed: ${path}: ${(error as Error).message.replace(/^[A-Z]+: /, "").replace(/, \w+ '.*'$/, "")}`, { hint, cause: error });
}
