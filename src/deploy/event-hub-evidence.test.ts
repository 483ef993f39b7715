import { describe, expect, it } from "vitest";
import type { EngineEvent } from "./engine-port.js";
import { EventHub } from "./event-hub.js";

const event = (action: string, id = "c1", attributes: Record<string, string> = {}): EngineEvent => ({ type: "container", action, id, attributes, time: 0 });

describe("EventHub.describe", () => {
  it("tells a container's story with exit codes, its own events only, the last 15", () => {
    const hub = new EventHub();
    hub.dispatch(event("create"));
    hub.dispatch(event("start", "other"));
    for (let i = 0; i < 10; i++) {
      hub.dispatch(event("start"));
      hub.dispatch(event("die", "c1", { exitCode: String(i) }));
    }
    const story = hub.describe("c1");
    expect(story).toHaveLength(15);
    expect(story.slice(-3)).toEqual(["die (exit 8)", "start", "die (exit 9)"]);
    expect(story).not.toContain("create");
    expect(hub.describe("nobody")).toEqual([]);
  });

  it("keeps at most 2000 events as evidence, dropping the oldest", () => {
    const hub = new EventHub();
    for (let i = 0; i < 2_005; i++) hub.dispatch(event("start", `c${i}`));
    expect(hub.seen).toHaveLength(2_000);
    expect(hub.seen[0]?.id).toBe("c5");
  });
});

describe("EventHub.next", () => {
  it("resolves with the container's next event, not another container's", async () => {
    const hub = new EventHub();
    const waiting = hub.next("c1", 5_000, new AbortController().signal);
    hub.dispatch(event("start", "c2"));
    hub.dispatch(event("health_status: healthy", "c1"));
    expect((await waiting)?.action).toBe("health_status: healthy");
  });

  it("resolves with nothing when its time is up or the run is interrupted, and lets go of its listener", async () => {
    const hub = new EventHub();
    expect(await hub.next("c1", 5, new AbortController().signal)).toBeUndefined();
    const stop = new AbortController();
    const waiting = hub.next("c1", 60_000, stop.signal);
    stop.abort();
    expect(await waiting).toBeUndefined();
    // A later event finds no stale listener to call.
    hub.dispatch(event("die", "c1"));
    expect(await hub.next("c1", 5, new AbortController().signal)).toBeUndefined();
  });

  it("wakes every waiter of the container, each once", async () => {
    const hub = new EventHub();
    const signal = new AbortController().signal;
    const waiters = [hub.next("c1", 5_000, signal), hub.next("c1", 5_000, signal)];
    hub.dispatch(event("die", "c1", { exitCode: "1" }));
    expect((await Promise.all(waiters)).map((e) => e?.action)).toEqual(["die", "die"]);
  });
});
