import { BerthError, ExitCode } from "../common/errors.js";
import { setMaxListeners } from "node:events";

/** What a command may touch of the outside world; tests pass their own. */
export interface CliIO {
  readonly stdout: TextSink;
  readonly stderr: TextSink;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** stdout is a terminal: live progress lines instead of timestamped ones. */
  readonly isTTY: boolean;
  /** Aborted on Ctrl-C so long operations can stop cleanly. */
  readonly signal: AbortSignal;
  /** Secret values of the projects loaded so far: the CLI redacts them from errors and warnings. */
  readonly secrets?: Set<string>;
  /**
   * Runs long synchronous work (loading a big project) so that Ctrl-C and SIGTERM end berth at
   * once meanwhile; tests leave it out and the work simply runs.
   */
  readonly computing?: <T>(work: () => T) => T;
}

export interface TextSink {
  write(text: string): unknown;
}

/** Collects text for tests. */
export class BufferSink implements TextSink {
  text = "";
  write(text: string): void {
    this.text += text;
  }
}

export function processIO(signal: AbortSignal): CliIO {
  // Every concurrent wait (one per service starting, probing or rolling) listens for Ctrl-C on
  // this signal: 50 services are 50 listeners, not a leak, so Node's warning at 11 is noise.
  setMaxListeners(1000, signal);
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    isTTY: process.stdout.isTTY === true,
    signal,
    computing: killableWhile,
  };
}

const stopSignals = ["SIGINT", "SIGTERM"] as const;

/**
 * Runs synchronous work with Node's default action for SIGINT and SIGTERM: the clean-stop
 * handlers (bin/berth.js) are JavaScript, which cannot run before the work returns, so a Ctrl-C
 * during a 20-second load waited for it. Nothing has changed yet while berth computes, so ending
 * at once (exit 130/143) is safe; the handlers are back as soon as the work returns.
 */
export function killableWhile<T>(work: () => T): T {
  const saved = stopSignals.map((name) => [name, process.listeners(name)] as const);
  for (const name of stopSignals) process.removeAllListeners(name);
  try {
    return work();
  } finally {
    for (const [name, listeners] of saved) for (const listener of listeners) process.on(name, listener);
  }
}

/** What each file-system failure means for the user, and what to do about it. */
const fsFailures: Readonly<Record<string, { readonly what: string; readonly hint: string }>> = {
  ENOSPC: { what: "no space left on the device", hint: "free disk space (docker system df, old backups), then run the command again: nothing was half-written" },
  EDQUOT: { what: "disk quota exceeded", hint: "free space within your quota, then run the command again" },
  EACCES: { what: "permission denied", hint: "make the folder writable by this user, or point BERTH_STATE_DIR at one that is" },
  EPERM: { what: "operation not permitted", hint: "make the folder writable by this user, or point BERTH_STATE_DIR at one that is" },
  EROFS: { what: "read-only file system", hint: "point BERTH_STATE_DIR (or the path in question) at a writable file system" },
  ENOTDIR: { what: "a part of the path is a file, not a folder", hint: "remove or rename the file that stands where a folder is expected" },
  EISDIR: { what: "a folder stands where a file is expected", hint: "remove or rename that folder" },
  ENAMETOOLONG: { what: "the path is too long", hint: "use a shorter project name or state folder" },
  EMFILE: { what: "too many open files", hint: "raise the open-file limit (ulimit -n) and run the command again" },
  ENFILE: { what: "too many open files on the system", hint: "close other programs or raise the system's file limit, then run again" },
  EIO: { what: "input/output error", hint: "check the disk (dmesg), then run the command again" },
};

/**
 * A file-system failure that escaped a command (disk full while writing state, a manifest or the
 * lock; a state folder that is not writable) as an error naming the path and the fix, exit 3:
 * the environment, not berth, is what failed. Undefined for anything else.
 */
export function fsFailure(error: unknown): BerthError | undefined {
  const errno = error as NodeJS.ErrnoException | undefined;
  const failure = typeof errno?.code === "string" ? fsFailures[errno.code] : undefined;
  if (!failure || !(error instanceof Error)) return undefined;
  const where = typeof errno?.path === "string" ? ` ${errno.path}` : "";
  const doing = typeof errno?.syscall === "string" ? `${errno.syscall}${where}` : `file access${where}`;
  return new BerthError(`fs.${errno!.code!.toLowerCase()}`, `${doing} failed: ${failure.what}`, ExitCode.environment, { hint: failure.hint, cause: error });
}
