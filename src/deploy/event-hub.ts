import type { Engine, EngineEvent } from "./engine-port.js";

type Listener = (event: EngineEvent) => void;

/** Lifecycle events kept as the run's evidence (healthcheck execs are not kept: see dispatch). */
const keptEvents = 2_000;

/**
 * One engine event stream per run, fanned out to whoever waits on a container, so gates wake up
 * the moment something happens instead of sleeping a fixed time.
 */
export class EventHub {
  private readonly listeners = new Map<string, Set<Listener>>();
  /** The run's container events, oldest first, without the healthcheck execs. */
  readonly seen: EngineEvent[] = [];
  /** When the stream was asked for (epoch ms): events from then on are this run's, replayed if need be. */
  since: number | undefined;

  /**
   * Reads events until the signal aborts; errors end the stream quietly (gates still probe).
   * The engine subscribes a moment after the request is sent (it answers its headers first), while
   * berth already goes on to start containers: the stream asks for a replay from the moment of this
   * call, so a `die` in between is not missed, and nothing from before the run is replayed.
   */
  async run(engine: Engine, project: string, signal: AbortSignal, now: () => number = Date.now): Promise<void> {
    const since = now();
    this.since = since;
    try {
      const filter = { types: ["container"], labels: { "com.docker.compose.project": project }, since: since / 1000 };
      for await (const event of engine.events(filter, signal)) this.dispatch(event);
    } catch {
      // The stream ends when the signal aborts; a broken stream only makes gates probe on cadence.
    }
  }

  dispatch(event: EngineEvent): void {
    // Healthcheck execs (exec_create/exec_start/exec_die, one set per probe and container) wake
    // gates but are no evidence: kept, they pushed a container's own die and restart events out.
    if (!event.action.startsWith("exec_")) {
      this.seen.push(event);
      if (this.seen.length > keptEvents) this.seen.shift();
    }
    for (const listener of this.listeners.get(event.id) ?? []) listener(event);
  }

  /** A container's events seen in this run, as evidence: `start`, `die (exit 137)`, `oom`. */
  describe(containerId: string): string[] {
    return this.seen
      .filter((event) => event.id === containerId)
      .map((event) => (event.attributes["exitCode"] ? `${event.action} (exit ${event.attributes["exitCode"]})` : event.action))
      .slice(-15);
  }

  /** The `die` events of a container in this run that nobody asked for (see {@link crashes}). */
  crashes(containerId: string): EngineEvent[] {
    return crashes(this.seen.filter((event) => event.id === containerId));
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

/**
 * The deaths among one container's events (oldest first) that were not asked for: a `die` after a
 * `kill` since the container last started is a stop or restart someone ordered (berth restarting a
 * dependant whose `depends_on` says `restart: true`, `docker stop`), not a crash. An out-of-memory
 * kill sends no `kill` event: it counts.
 */
export function crashes(events: readonly EngineEvent[]): EngineEvent[] {
  const found: EngineEvent[] = [];
  let ordered = false;
  for (const event of events) {
    if (event.action === "start") ordered = false;
    else if (event.action === "kill") ordered = true;
    else if (event.action === "die" && !ordered) found.push(event);
  }
  return found;
}
