import { describe, expect, it } from "vitest";
import type { EventFilter } from "../engine/engine.js";
import type { Engine, EngineEvent } from "./engine-port.js";
import { crashes, EventHub } from "./event-hub.js";

const event = (action: string, id = "c1", time = 0, attributes: Record<string, string> = {}): EngineEvent => ({ type: "container", action, id, attributes, time });

/**
 * An engine whose events behave as the daemon's do: the subscription is made some time after the
 * request (`connect` resolves it), live events before that are lost, and `since` replays the
 * recorded history from that moment on.
 */
function lateSubscribingEngine() {
  const history: EngineEvent[] = [];
  const live: ((e: EngineEvent) => void)[] = [];
  const filters: EventFilter[] = [];
  let connect!: () => void;
  const connected = new Promise<void>((resolve) => (connect = resolve));
  const engine = {
    async *events(filter: EventFilter, signal: AbortSignal): AsyncIterable<EngineEvent> {
      filters.push(filter);
      await connected;
      const queue = filter.since === undefined ? [] : history.filter((e) => e.time >= filter.since! * 1000);
      let wake: (() => void) | undefined;
      live.push((e) => {
        queue.push(e);
        wake?.();
      });
      signal.addEventListener("abort", () => wake?.(), { once: true });
      while (!signal.aborted) {
        const next = queue.shift();
        if (next) yield next;
        else await new Promise<void>((resolve) => (wake = resolve));
      }
    },
  } as unknown as Engine;
  const publish = (e: EngineEvent) => {
    history.push(e);
    for (const deliver of live) deliver(e);
  };
  return { engine, publish, connect, filters };
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 1_000 && !condition(); i++) await new Promise((resolve) => setImmediate(resolve));
}

describe("EventHub.run", () => {
  it("asks for the project's container events since the moment it was called", async () => {
    const { engine, filters, connect } = lateSubscribingEngine();
    const hub = new EventHub();
    const stop = new AbortController();
    const running = hub.run(engine, "shop", stop.signal, () => 1_765_139_000_123);
    connect();
    await until(() => filters.length > 0);
    stop.abort();
    await running;
    expect(filters).toEqual([{ types: ["container"], labels: { "com.docker.compose.project": "shop" }, since: 1_765_139_000.123 }]);
    expect(hub.since).toBe(1_765_139_000_123);
  });

  it("gets a die that happened before the engine subscribed, and nothing from before the run", async () => {
    const { engine, publish, connect } = lateSubscribingEngine();
    const hub = new EventHub();
    const stop = new AbortController();
    publish(event("die", "old", 999, { exitCode: "1" }));
    const running = hub.run(engine, "shop", stop.signal, () => 1_000);
    // berth starts the container and it dies at once, while the stream is still connecting.
    publish(event("start", "c1", 1_001));
    publish(event("die", "c1", 1_002, { exitCode: "1" }));
    connect();
    await until(() => hub.seen.length === 2);
    publish(event("start", "c1", 1_003));
    await until(() => hub.seen.length === 3);
    stop.abort();
    await running;
    expect(hub.seen.map((e) => `${e.action} ${e.id}`)).toEqual(["start c1", "die c1", "start c1"]);
    expect(hub.crashes("c1")).toHaveLength(1);
    expect(hub.crashes("old")).toEqual([]);
  });

  it("ends quietly when the stream breaks", async () => {
    const engine = {
      // eslint-disable-next-line require-yield
      async *events(): AsyncIterable<EngineEvent> {
        throw new Error("connection reset");
      },
    } as unknown as Engine;
    await expect(new EventHub().run(engine, "shop", new AbortController().signal)).resolves.toBeUndefined();
  });
});

describe("EventHub evidence", () => {
  it("keeps a die as evidence however many healthcheck execs follow it, and still wakes gates on them", async () => {
    const hub = new EventHub();
    hub.dispatch(event("start"));
    hub.dispatch(event("die", "c1", 0, { exitCode: "1" }));
    for (let i = 0; i < 3_000; i++) hub.dispatch(event(["exec_create", "exec_start", "exec_die"][i % 3]!));
    expect(hub.crashes("c1")).toHaveLength(1);
    expect(hub.describe("c1")).toEqual(["start", "die (exit 1)"]);
    const woken = hub.next("c1", 60_000, new AbortController().signal);
    hub.dispatch(event("exec_die"));
    expect((await woken)?.action).toBe("exec_die");
  });
});

describe("crashes", () => {
  it("counts every die of a crash loop", () => {
    const loop = [event("start"), event("die", "c1", 0, { exitCode: "1" }), event("start"), event("die", "c1", 0, { exitCode: "1" }), event("start")];
    expect(crashes(loop)).toHaveLength(2);
  });

  it("does not count a die that a kill asked for (docker restart, docker stop), until the next start", () => {
    const restart = [event("start"), event("kill"), event("kill"), event("die", "c1", 0, { exitCode: "137" }), event("stop"), event("start"), event("restart")];
    expect(crashes(restart)).toEqual([]);
    const crashAfter = [...restart, event("die", "c1", 0, { exitCode: "1" })];
    expect(crashes(crashAfter).map((e) => e.attributes["exitCode"])).toEqual(["1"]);
  });

  it("counts an out-of-memory kill: the kernel sends no kill event", () => {
    expect(crashes([event("start"), event("oom"), event("die", "c1", 0, { exitCode: "137" })])).toHaveLength(1);
  });
});
