import { describe, expect, it } from "vitest";
import { FakeEngine } from "../../engine/fake-engine.js";
import type { EngineEvent, EventFilter } from "../../engine/engine.js";
import { createApp } from "../app.js";
import { canaries, serverFixture, TOKEN } from "../testing/server-fixture.js";

// An engine whose event stream breaks after one event, as a restarted daemon's does.
class FlakyEventsEngine extends FakeEngine {
  readonly filters: EventFilter[] = [];
  override async *events(filter: EventFilter): AsyncGenerator<EngineEvent> {
    this.filters.push(filter);
    yield { type: "container", action: "die", id: "c1", attributes: { "com.docker.compose.service": "db", name: "shop-db-1" }, time: 1 };
    throw new Error(`stream reset while reading ${canaries.password}`);
  }
}

async function readAll(body: ReadableStream<Uint8Array> | null): Promise<string> {
  if (body === null) throw new Error("no body");
  return new Response(body).text();
}

describe("GET /api/projects/:project/events when the engine's stream breaks", () => {
  it("sends what came, then one redacted error event, and ends the stream", async () => {
    const { served } = await serverFixture();
    const engine = new FlakyEventsEngine();
    const noop = async () => ({ ok: true, summary: "" });
    const app = createApp({ engine, projects: [served], token: TOKEN, actions: { verify: noop, backup: noop, rollback: noop } });
    const text = await readAll((await app.request("/api/projects/shop/events")).body);
    expect(text).toContain('event: container\ndata: {"action":"die","service":"db","container":"shop-db-1","time":1}');
    expect(text).toMatch(/event: error\ndata: \{"error":"Error: stream reset while reading \*\*\*"\}/);
    expect(text).not.toContain(canaries.password);
    expect(engine.filters).toEqual([{ types: ["container"], labels: { "com.docker.compose.project": "shop" } }]);
  });
});
