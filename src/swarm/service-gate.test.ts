import { describe, expect, it } from "vitest";
import { FakeSwarmPort, type TaskScript } from "./fake-swarm-port.js";
import { gateService, isReady, taskChanges, tasksSince, updateState, type GateTarget, type GateTiming } from "./service-gate.js";
import type { SwarmTask } from "./swarm-port.js";
import type { ServiceSpec } from "./swarm-spec.js";

function spec(mode: ServiceSpec["Mode"], healthcheck = true): ServiceSpec {
  return {
    Name: "shop_api",
    Labels: { "com.docker.stack.namespace": "shop" },
    TaskTemplate: { ContainerSpec: { Image: "api:1", Labels: {}, ...(healthcheck ? { Healthcheck: { Test: ["CMD", "true"] } } : {}) } },
    Mode: mode,
    EndpointSpec: { Mode: "dnsrr" },
  };
}

const running = (id: string, node = "n1"): SwarmTask => ({ ID: id, ServiceID: "s", NodeID: node, DesiredState: "running", Status: { State: "running" } });

/** The gate's clock advances only when it sleeps: no test depends on wall-clock speed. */
function timing(overrides: Partial<GateTiming> = {}): GateTiming & { elapsed: () => number } {
  let now = 0;
  return { timeoutMs: 60_000, pollMs: 1000, pendingGraceMs: 5000, stableMs: 3000, now: () => now, sleep: async (ms) => void (now += ms), signal: new AbortController().signal, elapsed: () => now, ...overrides };
}

async function gate(script: TaskScript, serviceSpec: ServiceSpec, clock = timing(), updated = false) {
  const port = new FakeSwarmPort({ shop_api: script });
  const id = await port.createService(serviceSpec);
  const created = await port.service(id);
  const outcome = await gateService(port, { service: "api", serviceId: id, spec: serviceSpec, since: created.CreatedAt ?? "", updated, hostOf: (node) => node ?? "", restartsLeft: true }, clock);
  return { outcome, port, id };
}

describe("isReady", () => {
  it("wants as many running tasks as replicas, and none that Swarm wants running in another state", () => {
    const replicated = spec({ Replicated: { Replicas: 2 } });
    expect(isReady(replicated, [running("a"), running("b")], [])).toBe(true);
    expect(isReady(replicated, [running("a")], [])).toBe(false);
    expect(isReady(replicated, [running("a"), { ...running("b"), Status: { State: "starting" } }], [])).toBe(false);
    // A task Swarm is shutting down does not count either way.
    expect(isReady(replicated, [running("a"), running("b"), { ...running("c"), DesiredState: "shutdown", Status: { State: "failed" } }], [])).toBe(true);
  });

  it("wants a job's completions and a global service's every task running", () => {
    const complete = { ...running("a"), DesiredState: "complete", Status: { State: "complete" } };
    expect(isReady(spec({ ReplicatedJob: { MaxConcurrent: 2, TotalCompletions: 2 } }), [], [complete, complete])).toBe(true);
    expect(isReady(spec({ ReplicatedJob: { MaxConcurrent: 2, TotalCompletions: 2 } }), [], [complete])).toBe(false);
    expect(isReady(spec({ Global: {} }), [running("a"), running("b")], [])).toBe(true);
    expect(isReady(spec({ Global: {} }), [], [])).toBe(false);
    expect(isReady(spec({ GlobalJob: {} }), [], [complete])).toBe(true);
  });
});

describe("tasksSince", () => {
  it("keeps the tasks of this deploy, oldest first, to the millisecond", () => {
    const at = (id: string, time: string): SwarmTask => ({ ...running(id), CreatedAt: time });
    const kept = tasksSince([at("new", "2026-12-07T10:00:02.500000000Z"), at("old", "2026-12-07T10:00:00.999Z"), at("same", "2026-12-07T10:00:01.000123Z")], "2026-12-07T10:00:01.000999Z");
    expect(kept.map((task) => task.ID)).toEqual(["same", "new"]);
  });
});

describe("gateService", () => {
  it("passes once the tasks run (healthy, with a healthcheck) and reports where they run", async () => {
    const { outcome } = await gate((poll) => (poll < 2 ? [{ ...running("a", "n2"), Status: { State: "starting" } }] : [running("a", "n2")]), spec({ Replicated: { Replicas: 1 } }));
    expect(outcome).toMatchObject({ ok: true, tasks: [{ ID: "a", NodeID: "n2" }] });
  });

  it("without a healthcheck, wants the tasks to stay running for the stable window", async () => {
    const clock = timing();
    const { outcome } = await gate(() => [running("a")], spec({ Replicated: { Replicas: 1 } }, false), clock);
    expect(outcome.ok).toBe(true);
    expect(clock.elapsed()).toBeGreaterThanOrEqual(3000);
  });

  it("fails a process that exits after it was seen running, instead of calling it ready", async () => {
    const failed = (index: number): Omit<SwarmTask, "ServiceID" | "CreatedAt"> => ({ ID: `f${index}`, NodeID: "n2", DesiredState: "shutdown", Status: { State: "failed", Err: "task: non-zero exit (3)" } });
    const script: TaskScript = (poll) => [running(`r${poll}`, "n2"), ...Array.from({ length: Math.min(poll, 3) }, (_, index) => failed(index))];
    const { outcome } = await gate(script, spec({ Replicated: { Replicas: 1 } }, false));
    expect(outcome.ok).toBe(false);
    expect(outcome.ok === false && outcome.diagnosis?.code).toBe("crash-loop");
  });

  it("gives up at the deadline with what the newest task was doing", async () => {
    const { outcome } = await gate(() => [{ ...running("a"), Status: { State: "starting" } }], spec({ Replicated: { Replicas: 1 } }), timing({ timeoutMs: 10_000 }));
    expect(outcome.ok === false && outcome.diagnosis?.code).toBe("gate-timeout");
    expect(outcome.ok === false && outcome.diagnosis?.message).toMatch(/not ready after 10 s: its newest task is starting on node n1/);
  });

  it("stops when the run is interrupted", async () => {
    const controller = new AbortController();
    controller.abort();
    const { outcome } = await gate(() => [], spec({ Replicated: { Replicas: 1 } }), timing({ signal: controller.signal }));
    expect(outcome).toMatchObject({ ok: false, interrupted: true });
  });

  it("fails an update Swarm rolled back, even though the old tasks run", async () => {
    const port = new FakeSwarmPort({ shop_api: () => [running("old")] });
    const serviceSpec = spec({ Replicated: { Replicas: 1 } });
    const id = await port.createService(serviceSpec);
    await port.updateService(id, 1, serviceSpec);
    const service = port.serviceList[0];
    if (service === undefined) throw new Error("no service");
    port.serviceList[0] = { ...service, UpdateStatus: { State: "rollback_completed", Message: "rollback completed", StartedAt: service.UpdatedAt ?? "" } };
    const outcome = await gateService(port, { service: "api", serviceId: id, spec: serviceSpec, since: service.UpdatedAt ?? "", updated: true, hostOf: (node) => node ?? "", restartsLeft: true }, timing());
    expect(outcome.ok === false && outcome.diagnosis?.code).toBe("rolled-back");
  });

  it("waits for Swarm's rollout of an update to complete before calling it ready", async () => {
    const port = new FakeSwarmPort({ shop_api: () => [running("new")] });
    const serviceSpec = spec({ Replicated: { Replicas: 1 } });
    const id = await port.createService(serviceSpec);
    await port.updateService(id, 1, serviceSpec);
    const service = port.serviceList[0];
    if (service === undefined) throw new Error("no service");
    let reads = 0;
    const clock = timing();
    const read = port.service.bind(port);
    port.service = async (serviceId: string) => {
      reads += 1;
      const found = await read(serviceId);
      return { ...found, UpdateStatus: { State: reads < 4 ? "updating" : "completed", StartedAt: service.UpdatedAt ?? "" } };
    };
    const outcome = await gateService(port, { service: "api", serviceId: id, spec: serviceSpec, since: service.UpdatedAt ?? "", updated: true, hostOf: (node) => node ?? "", restartsLeft: true }, clock);
    expect(outcome.ok).toBe(true);
    expect(reads).toBeGreaterThanOrEqual(4);
  });
});

describe("taskChanges", () => {
  const target: GateTarget = { service: "api", serviceId: "s", spec: spec({ Replicated: { Replicas: 1 } }), since: "2026-12-07T10:00:10.000Z", updated: true, hostOf: (node) => (node ? `node-${node.slice(1)}` : ""), restartsLeft: true };
  const old: SwarmTask = { ...running("old", "n2"), Slot: 1, CreatedAt: "2026-12-07T10:00:00.000Z" };
  const fresh = (state: string, extra: Partial<SwarmTask["Status"]> = {}): SwarmTask => ({ ID: "new", ServiceID: "s", NodeID: "n1", Slot: 1, CreatedAt: "2026-12-07T10:00:11.000Z", DesiredState: "running", Status: { State: state, ...extra } });

  it("says each state of a new task once, with its node, then that the task it replaced stopped", () => {
    const seen = new Map<string, string>();
    const poll = (all: SwarmTask[]) => taskChanges(target, all, tasksSince(all, target.since), seen, true);
    expect(poll([old, fresh("starting")])).toEqual(["task shop_api.1 on node-1: starting (waiting for its healthcheck)"]);
    expect(poll([old, fresh("starting")])).toEqual([]);
    expect(poll([old, fresh("running")])).toEqual(["task shop_api.1 on node-1: running, healthy"]);
    expect(poll([{ ...old, DesiredState: "shutdown", Status: { State: "shutdown" } }, fresh("running")])).toEqual(["task shop_api.1 on node-2: previous version stopped"]);
    expect(poll([{ ...old, DesiredState: "shutdown", Status: { State: "shutdown" } }, fresh("running")])).toEqual([]);
  });

  it("quotes a failed task's error, or its exit code; without a healthcheck running is only running", () => {
    const seen = new Map<string, string>();
    expect(taskChanges(target, [fresh("failed", { Err: "task: non-zero exit (3)" })], [fresh("failed", { Err: "task: non-zero exit (3)" })], seen, false)).toEqual(["task shop_api.1 on node-1: failed (task: non-zero exit (3))"]);
    const exit = fresh("failed", { ContainerStatus: { ExitCode: 137 } });
    expect(taskChanges(target, [exit], [exit], new Map(), false)).toEqual(["task shop_api.1 on node-1: failed (exit code 137)"]);
    expect(taskChanges(target, [fresh("running")], [fresh("running")], new Map(), false)).toEqual(["task shop_api.1 on node-1: running"]);
  });

  it("does not say an earlier task stopped when this deploy created the service (nothing was replaced)", () => {
    const seen = new Map<string, string>();
    const created = { ...target, updated: false };
    taskChanges(created, [old], [], seen, true);
    expect(taskChanges(created, [{ ...old, DesiredState: "shutdown", Status: { State: "shutdown" } }], [], seen, true)).toEqual([]);
  });

  it("tells the gate's caller, poll by poll, through onTask", async () => {
    const lines: string[] = [];
    const port = new FakeSwarmPort({ shop_api: (poll) => [{ ID: "t1", Slot: 1, NodeID: "n3", DesiredState: "running", Status: { State: poll === 0 ? "starting" : "running" } }] });
    const serviceSpec = spec({ Replicated: { Replicas: 1 } });
    const id = await port.createService(serviceSpec);
    const created = await port.service(id);
    const outcome = await gateService(port, { service: "api", serviceId: id, spec: serviceSpec, since: created.CreatedAt ?? "", updated: false, hostOf: (node) => node ?? "", restartsLeft: true, onTask: (line) => lines.push(line) }, timing());
    expect(outcome.ok).toBe(true);
    expect(lines).toEqual(["task shop_api.1 on n3: starting (waiting for its healthcheck)", "task shop_api.1 on n3: running, healthy"]);
  });
});

describe("updateState", () => {
  async function withStatus(status: { State: string; StartedAt: string } | undefined) {
    const port = new FakeSwarmPort();
    const id = await port.createService(spec({ Replicated: { Replicas: 2 } }));
    const service = await port.service(id);
    port.serviceList[0] = { ...service, ...(status ? { UpdateStatus: status } : {}) };
    return { port, id };
  }

  it("takes a rollback Swarm stamped before the service's UpdatedAt as this update's (the updater stamps, then writes)", async () => {
    // Seen on 20.10: StartedAt 03:06:20.10, the UpdatedAt berth read 03:06:20.12; the gate took the rollback for no update and said ready.
    const { port, id } = await withStatus({ State: "rollback_started", StartedAt: "2026-12-08T03:06:20.100Z" });
    expect(await updateState(port, { serviceId: id, previousUpdate: "2026-12-08T02:59:00.000Z" })).toEqual({ state: "rollback_started", message: "" });
    const rolledBack = await gateService(port, { service: "api", serviceId: id, spec: spec({ Replicated: { Replicas: 2 } }), since: "2026-12-08T03:06:20.120Z", updated: true, hostOf: (node) => node ?? "", restartsLeft: true, previousUpdate: "2026-12-08T02:59:00.000Z" }, timing());
    expect(rolledBack.ok).toBe(false);
  });

  it("ignores the status of the update before this one, and says undefined without a status", async () => {
    const old = await withStatus({ State: "completed", StartedAt: "2026-12-08T02:59:00.000Z" });
    expect(await updateState(old.port, { serviceId: old.id, previousUpdate: "2026-12-08T02:59:00.000Z" })).toBeUndefined();
    const none = await withStatus(undefined);
    expect(await updateState(none.port, { serviceId: none.id })).toBeUndefined();
  });
});
