import type { Engine, EngineEvent } from "./engine-port.js";

type Listener = (event: EngineEvent) => void;

/**
 * One engine event stream per run, fanned out to whoever waits on a container, so gates wake up
 * the moment something happens instead of sleeping a fixed time.
 */
export class EventHub {
  private readonly listeners = new Map<string, Set<Listener>>();
  readonly seen: EngineEvent[] = [];

  /** Reads events until the signal aborts; errors end the stream quietly (gates still probe). */
  async run(engine: Engine, project: string, signal: AbortSignal): Promise<void> {
    try {
      for await (const event of engine.events({ types: ["container"], labels: { "com.docker.compose.project": project } }, signal)) this.dispatch(event);
    } catch {
      // The stream ends when the signal aborts; a broken stream only makes gates probe on cadence.
    }
  }

  dispatch(event: EngineEvent): void {
    this.seen.push(event);
    if (this.seen.length > 500) this.seen.shift();
    for (const listener of this.listeners.get(event.id) ?? []) listener(event);
  }

  /** A container's events seen in this run, as evidence: `start`, `die (exit 137)`, `oom`. */
  describe(containerId: string): string[] {
    return this.seen
      // Healthcheck execs (exec_create/exec_start/exec_die, one set per second) would push the
      // container's own die and restart events out of the tail.
      .filter((event) => event.id === containerId && !event.action.startsWith("exec_"))
      .map((event) => (event.attributes["exitCode"] ? `${event.action} (exit ${event.attributes["exitCode"]})` : event.action))
      .slice(-15);
  }

  /** The next event of a container, or undefined after `timeoutMs` (the probe cadence). */
  next(containerId: string, timeoutMs: number, signal: AbortSignal): Promise<EngineEvent | undefined> {
    return new Promise((resolve) => {
      const listeners = this.listeners.get(containerId) ?? new Set<Listener>();
      this.listeners.set(containerId, listeners);
      const finish = (event: EngineEvent | undefined) => {
        clearTimeout(timer);
        listeners.delete(listener);
        signal.removeEventListener("abort", onAbort);
        resolve(event);
      };
      const listener: Listener = (event) => finish(event);
      const onAbort = () => finish(undefined);
      const timer = setTimeout(() => finish(undefined), Math.max(0, timeoutMs));
      listeners.add(listener);
      signal.addEventListener("abort", onAbort, { once: true });
    });
  }
}
