import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from "node:fs";
import { ConfigError } from "../../common/errors.js";

/**
 * The most berth reads of one compose file or env file. Real ones are a few KB; a bigger file
 * is almost always the wrong one (`-f /dev/urandom`, a log, a dump), and checking it would keep
 * the process busy for minutes. Documented in docs/limits.md.
 */
export const maxComposeFileBytes = 4 * 1024 * 1024;
export const maxEnvFileBytes = 1024 * 1024;

const megabytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`;

/**
 * Reads a text file the user named, refusing what is not a regular file (a FIFO would block the
 * read forever, a device never ends) and anything past `limit` bytes, whatever stat says: files
 * under /proc report size 0. `what` names the file in the error ("compose file", "env file").
 */
export function readBoundedText(path: string, limit: number, what: string, options: { readonly hint: string; readonly code: string }): string {
  const { hint, code } = options;
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO with no writer must not wait; it is refused just below.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw unreadable(path, what, (error as NodeJS.ErrnoException).code, hint, code, error);
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw notRegular(path, what, stats);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.min(64 * 1024, limit + 1 - total));
      const read = readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) break;
      chunks.push(chunk.subarray(0, read));
      total += read;
      if (total > limit) {
        throw new ConfigError("input.too-large", `${what} ${path} is larger than ${megabytes(limit)}, the most berth reads`, {
          hint: `${what}s are text of a few KB: check that this is the file you meant (limits: docs/limits.md)`,
        });
      }
    }
    return Buffer.concat(chunks).toString("utf8");
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw unreadable(path, what, (error as NodeJS.ErrnoException).code, hint, code, error);
  } finally {
    closeSync(fd);
  }
}

function notRegular(path: string, what: string, stats: Stats): ConfigError {
  const kind = stats.isDirectory() ? "a directory" : stats.isFIFO() ? "a FIFO (named pipe)" : stats.isCharacterDevice() || stats.isBlockDevice() ? "a device" : stats.isSocket() ? "a socket" : "not a regular file";
  return new ConfigError("input.not-a-file", `${what} ${path} is ${kind}`, {
    hint: `name a regular ${what}: berth does not read pipes, devices or folders as one`,
  });
}

function unreadable(path: string, what: string, errno: string | undefined, hint: string, code: string, cause: unknown): ConfigError {
  const reason = errno === "ENOENT" ? "no such file" : errno === "EISDIR" ? "is a directory" : errno === "EACCES" || errno === "EPERM" ? "permission denied" : errno === "ENOTDIR" ? "a part of the path is not a folder" : String(errno ?? cause);
  return new ConfigError(code, `cannot read ${what} ${path}: ${reason}`, { hint, cause });
}
