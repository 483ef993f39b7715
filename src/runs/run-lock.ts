import { lockProject, type ProjectLock } from "../deploy/lock.js";

/** How long a run waits for another berth working on the same project, unless it has its own deadline. */
export const defaultLockWaitMs = 300_000;

export interface RunLockOptions {
  readonly stateDir: string;
  readonly signal: AbortSignal;
  /** The run's own deadline (`up --wait-timeout`): it waits for the lock no longer than that. */
  readonly waitTimeoutMs?: number | undefined;
  /** Told once when another berth holds the lock and this run waits. */
  readonly onWait?: ((holder: string) => void) | undefined;
}

/**
 * The one lock policy of every run that changes or restarts anything (up, down, rollback, a
 * verify with restarting persistence probes, backup, restore, migrate): the project lock, waited
 * for as long as the run's own deadline, else five minutes.
 */
export function takeRunLock(options: RunLockOptions): Promise<ProjectLock> {
  return lockProject({
    stateDir: options.stateDir,
    timeoutMs: lockWaitMs(options.waitTimeoutMs),
    signal: options.signal,
    ...(options.onWait ? { onWait: options.onWait } : {}),
  });
}

/** The lock wait of a run with (or without) its own deadline. */
export function lockWaitMs(waitTimeoutMs: number | undefined): number {
  return waitTimeoutMs !== undefined && waitTimeoutMs > 0 ? waitTimeoutMs : defaultLockWaitMs;
}
