import type { Engine } from "../engine-port.js";

/**
 * Follows a container's new output so the healthy gate can probe the moment the app writes
 * something: apps log when they become ready ("listening on 3000"), and a probe launched then
 * beats waiting for the next cadence tick. Output is only a hint to probe now; the healthcheck
 * still decides. A broken log stream ends quietly: the gate keeps probing on its cadence.
 */
export class LogActivity {
  private fresh = false;
  private wake: (() => void) | undefined;
  private readonly stop = new AbortController();

  constructor(engine: Engine, containerId: string, signal: AbortSignal) {
    const follow = AbortSignal.any([signal, this.stop.signal]);
    void this.read(engine, containerId, follow);
  }

  /** Output came that no `take` has consumed yet. */
  get pending(): boolean {
    return this.fresh;
  }

  /** Whether the container wrote anything since the last call. */
  take(): boolean {
    const fresh = this.fresh;
    this.fresh = false;
    return fresh;
  }

  /** Resolves at the next output (at once when some came unread). */
  next(): Promise<void> {
    if (this.fresh) return Promise.resolve();
    return new Promise((resolve) => (this.wake = resolve));
  }


  close(): void {
    this.stop.abort();
    this.wake?.();
  }

  private async read(engine: Engine, containerId: string, signal: AbortSignal): Promise<void> {
    try {
      // tail 0: only what is written from now on; what came before is covered by the cadence.
      for await (const chunk of engine.followLogs(containerId, { tail: 0 }, signal)) {
        if (chunk.text.trim() === "") continue;
        this.fresh = true;
        this.wake?.();
        this.wake = undefined;
      }
    } catch {
      // The cadence still probes; a log stream is only a way to probe sooner.
    }
  }
}
