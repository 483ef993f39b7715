import { describe, expect, it } from "vitest";
import type { Service } from "../compose/model/project.js";
import { FakeEngine } from "../engine/fake-engine.js";
import type { Operation } from "../plan/plan.js";
import { testProject } from "../plan/test-project.js";
import { EventHub } from "./event-hub.js";
import { LogActivity } from "./gates/log-activity.js";
import type { GateContext } from "./gates/gate.js";
import type { RunContext } from "./operations/run-context.js";
import { GateFailure, phaseOf, runOperation } from "./step-runner.js";

async function replicas(count: number, exits: Record<string, number> = {}) {
  const engine = new FakeEngine({ images: ["app:1"], behave: (request) => {
    const exitOnStart = exits[request.name];
    return exitOnStart === undefined ? {} : { exitOnStart };
  } });
  const project = testProject("shop", { api: { image: "app:1", deploy: { replicas: count } } as Partial<Service> });
  const context: RunContext = { engine, project, signal: new AbortController().signal, containers: new Map(), configHash: () => "h", pull: "missing" };
  let clock = 5_000;
  const gates: GateContext = { engine, events: new EventHub(), signal: context.signal, deadline: Number.MAX_SAFE_INTEGER, stableMs: 0, now: () => (clock += 10) };
  for (let number = 1; number <= count; number++) {
    const name = `shop-api-${number}`;
    await runOperation({ kind: "create-container", service: "api", number, name }, context, gates);
    await runOperation({ kind: "start-container", service: "api", number, name }, context, gates);
  }
  return { engine, context, gates };
}

describe("runOperation: await", () => {
  it("waits for every replica, and the service is ready when the slowest one is", async () => {
    const { context, gates, engine } = await replicas(3);
    const looked: string[] = [];
    const inspect = engine.inspectContainer.bind(engine);
    engine.inspectContainer = async (id) => (looked.push(id), inspect(id));
    const before = gates.now();
    const outcome = await runOperation({ kind: "await", service: "api", gate: "started-stable" }, context, gates);
    const after = gates.now();
    expect(outcome).toMatchObject({ ok: true, probes: [] });
    expect(new Set(looked)).toEqual(new Set(["api:1", "api:2", "api:3"].map((key) => context.containers.get(key))));
    // Ready once every replica passed: later than three gates' looks at the clock, before the next reading.
    const at = outcome?.ok === true ? outcome.at : 0;
    expect(at).toBeGreaterThan(before + 3 * 10);
    expect(at).toBeLessThan(after);
  });

  it("fails on the first replica that does not come up, as a GateFailure that says the gate and why", async () => {
    const { context, gates } = await replicas(2, { "shop-api-2": 3 });
    const error = await runOperation({ kind: "await", service: "api", gate: "started-stable" }, context, gates).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GateFailure);
    expect(error).toMatchObject({ phase: "gate", gate: "started-stable", message: "started-stable: exited with code 3", outcome: { reason: "exited" } });
  });

  it("fails naming the replica that has no container", async () => {
    const { context, gates } = await replicas(1);
    context.containers.delete("api:1");
    await expect(runOperation({ kind: "await", service: "api", gate: "healthy" }, context, gates)).rejects.toMatchObject({ phase: "gate", message: "no container for api replica 1" });
  });

  it("fails an operation on a service that is not in the project", async () => {
    const { context, gates } = await replicas(1);
    await expect(runOperation({ kind: "await", service: "ghost", gate: "healthy" }, context, gates)).rejects.toMatchObject({ phase: "create", message: "service ghost is not in the project" });
  });
});

describe("phaseOf", () => {
  it.each([
    [{ kind: "create-network", network: "default", name: "shop_default" }, "creating"],
    [{ kind: "build-image", service: "api", image: "shop-api" }, "building"],
    [{ kind: "ensure-image", service: "api", image: "app:1" }, "pulling"],
    [{ kind: "recreate-container", service: "api", number: 1, name: "shop-api-1", containerId: "c" }, "recreating"],
    [{ kind: "restart-container", service: "api", number: 1, name: "shop-api-1", containerId: "c" }, "starting"],
    [{ kind: "remove-container", service: "api", number: 2, name: "shop-api-2", containerId: "c" }, "removing"],
    [{ kind: "await", service: "api", gate: "healthy" }, "waiting"],
  ] as [Operation, string][])("shows %j as %s", (operation, phase) => {
    expect(phaseOf(operation)).toBe(phase);
  });
});

describe("LogActivity", () => {
  it("wakes on the container's next non-blank output, remembers it until taken, and stops on close", async () => {
    const engine = new FakeEngine({ images: ["app:1"] });
    const id = await engine.createContainer({ name: "web-1", Image: "app:1" });
    await engine.startContainer(id);
    const activity = new LogActivity(engine, id, new AbortController().signal);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(activity.pending).toBe(false);
    engine.writeLog(id, "   \n");
    engine.writeLog(id, "listening on 3000\n");
    await activity.next();
    expect([activity.pending, activity.take(), activity.take()]).toEqual([true, true, false]);
    const waiting = activity.next();
    activity.close();
    await waiting;
    engine.writeLog(id, "after close\n");
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(activity.pending).toBe(false);
  });
});
