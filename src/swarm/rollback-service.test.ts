import { describe, expect, it } from "vitest";
import { FakeSwarmPort } from "./fake-swarm-port.js";
import { describeRollback, rollBackService } from "./rollback-service.js";
import type { GateTiming } from "./service-gate.js";
import type { ServiceSpec } from "./swarm-spec.js";

const spec = (image: string): ServiceSpec => ({
  Name: "shop_api",
  Labels: { "com.docker.stack.namespace": "shop" },
  TaskTemplate: { ContainerSpec: { Image: image, Labels: {} } },
  Mode: { Replicated: { Replicas: 2 } },
  EndpointSpec: { Mode: "dnsrr" },
});

/** The clock advances only when berth sleeps: no test depends on wall-clock speed. */
function timing(overrides: Partial<GateTiming> = {}): GateTiming {
  let now = 0;
  return { timeoutMs: 60_000, pollMs: 1000, pendingGraceMs: 5000, stableMs: 3000, now: () => now, sleep: async (ms) => void (now += ms), signal: new AbortController().signal, ...overrides };
}

/** A service at api:1 updated to api:2 (the fake keeps api:1 as its previous spec). */
async function updatedService(port = new FakeSwarmPort()) {
  const id = await port.createService(spec("api:1"));
  await port.updateService(id, 1, spec("api:2"));
  return { port, id };
}

/** Replaces what the fake manager answers for the service on each read, in turn (the last one stays). */
function answers(port: FakeSwarmPort, id: string, states: readonly (string | undefined)[]) {
  const original = port.service.bind(port);
  let reads = 0;
  port.service = async (serviceId: string) => {
    const found = await original(serviceId);
    if (serviceId !== id) return found;
    const state = states[Math.min(reads, states.length - 1)];
    reads += 1;
    return state === undefined ? found : { ...found, UpdateStatus: { State: state, StartedAt: found.UpdatedAt ?? "" } };
  };
}

describe("rollBackService", () => {
  it("asks the manager for a rollback when Swarm has not started one, and reports the image it returned to", async () => {
    const { port, id } = await updatedService();
    const rolled = await rollBackService(port, id, timing());
    expect(port.calls).toContain("rollback service shop_api at version 2");
    expect(rolled).toEqual({ by: "berth", state: "rollback_completed", completed: true, image: "api:1" });
    expect((await port.service(id)).Spec.TaskTemplate?.ContainerSpec?.Image).toBe("api:1");
  });

  it("only waits when Swarm's failure_action already rolls the service back: a second rollback would undo the first", async () => {
    const { port, id } = await updatedService();
    answers(port, id, ["rollback_started", "rollback_started", "rollback_started", "rollback_completed"]);
    const clock = timing();
    const rolled = await rollBackService(port, id, clock);
    expect(port.calls.some((call) => call.startsWith("rollback service"))).toBe(false);
    expect(rolled).toMatchObject({ by: "swarm", state: "rollback_completed", completed: true });
    expect(clock.now()).toBe(2000);
  });

  it("takes a rollback Swarm started between berth's read and its request as Swarm's (the manager refused the stale version)", async () => {
    const { port, id } = await updatedService();
    answers(port, id, ["updating", "rollback_started", "rollback_completed"]);
    const stale = port.rollbackService.bind(port);
    port.rollbackService = (serviceId, version) => stale(serviceId, version + 7);
    const rolled = await rollBackService(port, id, timing());
    expect(rolled).toMatchObject({ by: "swarm", completed: true });
  });

  it("says it could not roll back when the manager refuses and no rollback is under way", async () => {
    const port = new FakeSwarmPort();
    const id = await port.createService(spec("api:1"));
    const rolled = await rollBackService(port, id, timing());
    expect(rolled).toMatchObject({ by: "berth", completed: false, error: "service shop_api does not have a previous spec" });
    expect(describeRollback("api", rolled)).toBe("api: NOT rolled back: the rollback was refused (service shop_api does not have a previous spec); the service stays as Swarm left it (none)");
  });

  it("stops waiting at the deadline and says the rollback did not complete", async () => {
    const { port, id } = await updatedService();
    answers(port, id, ["rollback_started"]);
    const clock = timing({ timeoutMs: 5000 });
    const rolled = await rollBackService(port, id, clock);
    expect(rolled).toMatchObject({ by: "swarm", state: "rollback_started", completed: false });
    expect(clock.now()).toBe(5000);
    expect(describeRollback("api", rolled)).toBe("api: Swarm rolled it back (failure_action: rollback), but the rollback did not complete (rollback_started); check `docker service ps`");
  });

  it("reports a paused rollback as not completed", async () => {
    const { port, id } = await updatedService();
    answers(port, id, ["rollback_started", "rollback_paused"]);
    expect(await rollBackService(port, id, timing())).toMatchObject({ state: "rollback_paused", completed: false });
  });
});

describe("describeRollback", () => {
  it("says who rolled back to which image and that the previous version serves", () => {
    expect(describeRollback("api", { by: "swarm", state: "rollback_completed", completed: true, image: "api:1" })).toBe("api: Swarm rolled it back (failure_action: rollback) to its previous spec (image api:1); the previous version serves");
    expect(describeRollback("api", { by: "berth", state: "rollback_completed", completed: true, image: "api:1" })).toBe("api: berth rolled it back (docker service rollback) to its previous spec (image api:1); the previous version serves");
  });
});
