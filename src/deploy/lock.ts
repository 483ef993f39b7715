import { createHash, randomBytes } from "node:crypto";
import { link, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { OperationFailed } from "../common/errors.js";
import { locatedFsError } from "../common/fs-errors.js";
import { makeDirs } from "../common/make-dirs.js";
import { describeHolder, isHolderAlive, ownIdentity, parseHolder, type LockHolder } from "./lock-holder.js";

export interface ProjectLock {
  release(): Promise<void>;
}

export interface LockOptions {
  readonly stateDir: string;
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
  /** Told once when another berth holds the lock and this one waits. */
  readonly onWait?: (holder: string) => void;
  /** Liveness of a holder by pid (tests); by default pid, process start time and boot id. */
  readonly isAlive?: (pid: number) => boolean;
}

/**
 * One `up`/`down`/backup/restore at a time per project: the lock file `up.lock` holds its
 * owner's identity (pid, the process's start time, boot id, pid namespace, a random nonce).
 *
 * - The file appears complete or not at all: the content is written to a private file first and
 *   hard-linked into place (`link` fails when the lock exists, like O_EXCL).
 * - A lock whose owner is gone (killed, pid reused by another process, machine rebooted) is
 *   stale, and so is an empty or unreadable file (no live berth writes one). Exactly one waiter
 *   takes a given stale lock over: it must first create `up.lock.takeover-<hash of the stale
 *   content>` exclusively, then re-read the lock and find the same stale content, and only then
 *   renames its own file over it (atomic: the path is never missing, so no third berth can slip
 *   in between). A takeover file abandoned by a killed waiter is itself taken over the same way.
 * - A live holder is waited for, up to the timeout.
 */
export async function lockProject(options: LockOptions): Promise<ProjectLock> {
  try {
    await makeDirs(options.stateDir);
  } catch (error) {
    throw locatedFsError(error, options.stateDir, "creating the state folder for the project lock");
  }
  const path = join(options.stateDir, "up.lock");
  const alive = options.isAlive === undefined ? isHolderAlive : (holder: LockHolder) => options.isAlive!(holder.pid);
  const started = Date.now();
  let told = false;
  for (;;) {
    const mine = await acquireFile(path, alive);
    if (mine !== undefined) return { release: () => releaseFile(path, mine) };
    const holder = parseHolder(await readText(path));
    if (!told) options.onWait?.(describeHolder(holder));
    told = true;
    if (options.signal.aborted || Date.now() - started > options.timeoutMs) throw lockedError(path, holder);
    await new Promise((resolve) => setTimeout(resolve, 100 + Math.floor(Math.random() * 100)));
  }
}

/**
 * Tries once to own the file at `path`: creates it, or takes over a stale one. Returns the
 * content written (the owner's token), or undefined when a live owner holds it.
 */
async function acquireFile(path: string, alive: (holder: LockHolder) => boolean, depth = 0): Promise<string | undefined> {
  const content = `${JSON.stringify({ ...ownIdentity(), nonce: randomBytes(8).toString("hex") })}\n`;
  const draft = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.draft`;
  try {
    await writeFile(draft, content, { mode: 0o600 });
    try {
      await link(draft, path);
      return content;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const seen = await readText(path);
    if (seen === undefined) return undefined; // released meanwhile: the next round creates it
    const holder = parseHolder(seen);
    if (holder !== undefined && alive(holder)) return undefined;
    if (depth > 4) return undefined;
    // Stale: only the waiter that owns this stale content's takeover file may replace it.
    const token = `${path}.takeover-${createHash("sha256").update(seen).digest("hex").slice(0, 16)}`;
    const tokenContent = await acquireFile(token, alive, depth + 1);
    if (tokenContent === undefined) return undefined;
    try {
      if ((await readText(path)) !== seen) return undefined;
      await rename(draft, path);
      return content;
    } finally {
      await releaseFile(token, tokenContent);
    }
  } catch (error) {
    throw locatedFsError(error, path, "taking the project lock");
  } finally {
    await rm(draft, { force: true }).catch(() => undefined);
  }
}

/** Removes the file only while it still holds our token (never a successor's lock). */
async function releaseFile(path: string, content: string): Promise<void> {
  if ((await readText(path)) === content) await rm(path, { force: true });
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw locatedFsError(error, path, "reading the project lock");
  }
}

function lockedError(path: string, holder: LockHolder | undefined): OperationFailed {
  return new OperationFailed("project-locked", `another berth (${describeHolder(holder)}) is changing this project`, {
    hint: `wait for it to finish; if no berth is running, remove ${path}`,
  });
}
