import { mkdir, stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { BerthError, ExitCode } from "./errors.js";

/**
 * `mkdir -p` one level at a time. Node's own `mkdir(path, { recursive: true })` never returns
 * under /proc (the kernel answers ENOENT for a folder whose parent exists, and Node retries
 * forever at 100% CPU: BERTH_STATE_DIR=/proc/x hung every command); here each missing level is
 * made once and any refusal is an error naming the folder, exit 3.
 */
export async function makeDirs(path: string, mode = 0o700): Promise<void> {
  const missing: string[] = [];
  for (let dir = resolve(path); ; dir = dirname(dir)) {
    const stats = await stat(dir).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT" || error.code === "ENOTDIR") return undefined;
      throw refused(dir, error);
    });
    if (stats !== undefined) {
      if (!stats.isDirectory()) throw refused(resolve(path), Object.assign(new Error(`${dir} is a file`), { code: "ENOTDIR" }));
      break;
    }
    missing.push(dir);
    if (dirname(dir) === dir) break;
  }
  for (const dir of missing.reverse()) {
    try {
      await mkdir(dir, { mode });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw refused(dir, error as NodeJS.ErrnoException);
    }
  }
}

function refused(dir: string, error: NodeJS.ErrnoException): BerthError {
  const code = error.code ?? "EIO";
  const why = code === "ENOENT" ? "its file system does not allow folders there (a /proc or /sys path?)" : code === "ENOTDIR" ? `${error.message}, not a folder` : `it may not be written (${code})`;
  return new BerthError("fs.mkdir", `cannot create the folder ${dir}: ${why}`, ExitCode.environment, {
    hint: "point BERTH_STATE_DIR (or the folder in question) at a writable folder on an ordinary file system",
    cause: error,
  });
}
