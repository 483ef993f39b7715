import type { EngineEvent, EventFilter } from "./types/stream.js";

interface Subscriber {
  readonly filter: EventFilter;
  readonly queue: EngineEvent[];
  wake: (() => void) | undefined;
}

/** Engine events of a fake engine, delivered to every open `events()` stream whose filter matches. */
export class FakeEventBus {
  private readonly subscribers = new Set<Subscriber>();
  readonly history: EngineEvent[] = [];

  publish(event: EngineEvent): void {
    this.history.push(event);
    for (const subscriber of this.subscribers) {
      if (!matches(subscriber.filter, event)) continue;
      subscriber.queue.push(event);
      subscriber.wake?.();
    }
  }

  /** Events from now on (and replayed from `since`, like the engine), until the signal aborts. */
  async *subscribe(filter: EventFilter, signal: AbortSignal): AsyncGenerator<EngineEvent> {
    const replay =
      filter.since === undefined
        ? []
        : this.history.filter((event) => event.time >= (filter.since ?? 0) * 1000 && matches(filter, event));
    const subscriber: Subscriber = { filter, queue: [...replay], wake: undefined };
    this.subscribers.add(subscriber);
    const stop = () => subscriber.wake?.();
    signal.addEventListener("abort", stop, { once: true });
    try {
      while (!signal.aborted) {
        const next = subscriber.queue.shift();
        if (next !== undefined) yield next;
        else await new Promise<void>((resolve) => (subscriber.wake = resolve));
      }
    } finally {
      signal.removeEventListener("abort", stop);
      this.subscribers.delete(subscriber);
    }
  }
}

function matches(filter: EventFilter, event: EngineEvent): boolean {
  if (filter.types !== undefined && !filter.types.includes(event.type)) return false;
  if (
    filter.actions !== undefined &&
    !filter.actions.some((action) => event.action === action || event.action.startsWith(`${action}:`))
  )
    return false;
  if (
    filter.containers !== undefined &&
    !filter.containers.some((c) => c === event.id || c === event.attributes["name"])
  )
    return false;
  return Object.entries(filter.labels ?? {}).every(([key, value]) =>
    value === true ? key in event.attributes : event.attributes[key] === value,
  );
}
