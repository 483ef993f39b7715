import { mkdir, open, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { OperationFailed } from "../common/errors.js";

export interface ProjectLock {
  release(): Promise<void>;
}

export interface LockOptions {
  readonly stateDir: string;
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
  /** Told once when another berth holds the lock and this one waits. */
  readonly onWait?: (holder: string) => void;
  readonly isAlive?: (pid: number) => boolean;
}

/**
 * One `up`/`down` at a time per project: an exclusive lock file holding the owner's pid. A lock
 * whose process is gone (berth was killed) is stale and taken over, so a crash never wedges a
 * project. A live holder is waited for, up to the timeout.
 */
export async function lockProject(options: LockOptions): Promise<ProjectLock> {
  await mkdir(options.stateDir, { recursive: true });
  const path = join(options.stateDir, "up.lock");
  const started = Date.now();
  let told = false;
  for (;;) {
    if (await tryCreate(path)) return { release: () => rm(path, { force: true }) };
    const holder = await readHolder(path);
    if (holder !== undefined && !(options.isAlive ?? isAlive)(holder)) {
      await rm(path, { force: true });
      continue;
    }
    if (!told) options.onWait?.(`pid ${holder ?? "?"}`);
    told = true;
    if (options.signal.aborted || Date.now() - started > options.timeoutMs) throw lockedError(path, holder);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function tryCreate(path: string): Promise<boolean> {
  try {
    const handle = await open(path, "wx");
    await handle.writeFile(`${process.pid}\n`);
    await handle.close();
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
}

async function readHolder(path: string): Promise<number | undefined> {
  const text = await readFile(path, "utf8").catch(() => "");
  const pid = Number.parseInt(text, 10);
  return Number.isFinite(pid) ? pid : undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function lockedError(path: string, holder: number | undefined): OperationFailed {
  return new OperationFailed("project-locked", `another berth (pid ${holder ?? "?"}) is changing this project`, {
    hint: `wait for it to finish; if no berth is running, remove ${path}`,
  });
}
