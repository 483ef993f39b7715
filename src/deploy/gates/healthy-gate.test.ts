import { describe, expect, it } from "vitest";
import { FakeEngine, type FakeBehaviour } from "../../engine/fake-engine.js";
import { EventHub } from "../event-hub.js";
import type { GateContext } from "./gate.js";
import { healthyGate } from "./healthy-gate.js";

const service = { name: "api", command: null, entrypoint: null, healthcheck: { test: ["CMD", "check"], interval: "30s", retries: 3 } };

async function startWith(behaviour: FakeBehaviour): Promise<{ engine: FakeEngine; id: string; context: GateContext }> {
  const engine = new FakeEngine({ images: ["app:1"], behave: () => behaviour });
  const id = await engine.createContainer({ name: "shop-api-1", Image: "app:1", Healthcheck: { Test: ["CMD", "check"] } });
  await engine.startContainer(id);
  const context = { engine, events: new EventHub(), signal: new AbortController().signal, deadline: Date.now() + 3_000, stableMs: 0, now: Date.now };
  return { engine, id, context };
}

describe("healthyGate", () => {
  it("passes on berth's own probe while the engine still says starting", async () => {
    let calls = 0;
    const { id, context } = await startWith({ health: "starting", exec: () => ({ exitCode: ++calls >= 3 ? 0 : 1 }) });
    const outcome = await healthyGate.waitUntilReady({ service, containerId: id }, context);
    expect(outcome.ok).toBe(true);
    expect(calls).toBeGreaterThanOrEqual(3);
  });

  it("gives up early when the healthcheck program is missing from the image", async () => {
    const missing = { exitCode: 126, output: 'exec: "check": executable file not found in $PATH' };
    const { id, context } = await startWith({ health: "starting", exec: () => missing });
    const outcome = await healthyGate.waitUntilReady({ service, containerId: id }, context);
    expect(outcome).toMatchObject({ ok: false, reason: "probe-missing" });
  });

  it("fails at once when the container exits", async () => {
    const { id, context } = await startWith({ exitOnStart: 2 });
    expect(await healthyGate.waitUntilReady({ service, containerId: id }, context)).toMatchObject({ ok: false, reason: "exited" });
  });

  it("times out at the deadline", async () => {
    const { id, context } = await startWith({ health: "starting", exec: () => ({ exitCode: 1 }) });
    const outcome = await healthyGate.waitUntilReady({ service, containerId: id }, { ...context, deadline: Date.now() + 300 });
    expect(outcome).toMatchObject({ ok: false, reason: "timeout" });
  });
});
