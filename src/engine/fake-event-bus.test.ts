import { describe, expect, it } from "vitest";
import { FakeEventBus } from "./fake-event-bus.js";
import type { EngineEvent, EventFilter } from "./types/stream.js";

const event = (action: string, id = "c1", attributes: Record<string, string> = {}, time = 1_700_000_000_000): EngineEvent => ({ type: "container", action, id, attributes, time });

/** The events a subscription receives for what is published, read until `count` arrived. */
async function received(bus: FakeEventBus, filter: EventFilter, publish: () => void, count: number): Promise<string[]> {
  const controller = new AbortController();
  const seen: string[] = [];
  const reading = (async () => {
    for await (const item of bus.subscribe(filter, controller.signal)) {
      seen.push(`${item.id}:${item.action}`);
      if (seen.length === count) controller.abort();
    }
  })();
  publish();
  await reading;
  return seen;
}

describe("FakeEventBus filters like the engine", () => {
  it("matches health_status (and exec_*) by prefix, other actions exactly", async () => {
    const bus = new FakeEventBus();
    const seen = await received(bus, { actions: ["health_status", "die"] }, () => {
      bus.publish(event("die-hard"));
      bus.publish(event("health_status: healthy"));
      bus.publish(event("die"));
    }, 2);
    expect(seen).toEqual(["c1:health_status: healthy", "c1:die"]);
  });

  it("matches a container by id or by name, and labels by value or presence", async () => {
    const bus = new FakeEventBus();
    const seen = await received(bus, { containers: ["shop-web-1"], labels: { "com.docker.compose.project": "shop", "io.berth.managed": true } }, () => {
      bus.publish(event("start", "c9", { name: "shop-web-1", "com.docker.compose.project": "shop" }));
      bus.publish(event("start", "c2", { name: "other", "com.docker.compose.project": "shop", "io.berth.managed": "true" }));
      bus.publish(event("start", "c3", { name: "shop-web-1", "com.docker.compose.project": "shop", "io.berth.managed": "true" }));
    }, 1);
    expect(seen).toEqual(["c3:start"]);
  });

  it("filters by type", async () => {
    const bus = new FakeEventBus();
    const seen = await received(bus, { types: ["network"] }, () => {
      bus.publish(event("start"));
      bus.publish({ ...event("connect", "n1"), type: "network" });
    }, 1);
    expect(seen).toEqual(["n1:connect"]);
  });

  it("replays history from `since` (seconds), then follows new events", async () => {
    const bus = new FakeEventBus();
    bus.publish(event("create", "old", {}, 1_000_000));
    bus.publish(event("create", "c1", {}, 2_000_000));
    const seen = await received(bus, { since: 2_000 }, () => bus.publish(event("start", "c1", {}, 3_000_000)), 2);
    expect(seen).toEqual(["c1:create", "c1:start"]);
    expect(bus.history).toHaveLength(3);
  });

  it("shows a new subscription without `since` only what happens after it opened", async () => {
    const bus = new FakeEventBus();
    bus.publish(event("create", "before"));
    const seen = await received(bus, {}, () => bus.publish(event("start", "after")), 1);
    expect(seen).toEqual(["after:start"]);
  });
});
