import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { nodeViews, shortServices, stackHealth, type NodeDetailFields, type TaskDetailFields } from "./obs-health.js";
import type { ServiceFields } from "./stack-tasks.js";

// Captured on the harness cluster (scripts/harness/swarm-cluster.sh, engine 20.10, heartbeat 1s)
// with e2e/stacks/swarm-ps deployed as stack "obsdev": cache (2 replicas, nodes 1 and 2) and store
// (pinned to node 3). "before": all running; "after": nodes 2 and 3 stopped with `docker stop`,
// read 8 s later (GET /nodes, /tasks, /services?status=true; fields berth does not read removed).
const fixture = <T>(name: string): T => JSON.parse(readFileSync(join(import.meta.dirname, "testdata", "node-failure", `${name}.json`), "utf8")) as T;
const services = fixture<(ServiceFields & { ServiceStatus: { RunningTasks: number; DesiredTasks: number } })[]>("services-status");
const before = { nodes: fixture<NodeDetailFields[]>("nodes-before"), tasks: fixture<TaskDetailFields[]>("tasks-before") };
const after = { nodes: fixture<NodeDetailFields[]>("nodes-after"), tasks: fixture<TaskDetailFields[]>("tasks-after") };
const [node1, node2, node3] = ["berth-swarm-obsdev-1", "berth-swarm-obsdev-2", "berth-swarm-obsdev-3"];
const NO_NODE = "no suitable node (2 nodes not available for new tasks; scheduling constraints not satisfied on 1 node)";

describe("stackHealth on a healthy cluster (captured)", () => {
  const health = stackHealth("obsdev", services, before.tasks, before.nodes);
  it("counts every desired task running, on the nodes placement chose", () => {
    expect(health.services.map((s) => [s.service, s.mode, s.running, s.desired, s.ok])).toEqual([
      ["cache", "replicated", 2, 2, true],
      ["store", "replicated", 1, 1, true],
    ]);
    expect(health.services[0]?.placements).toEqual([
      { task: "obsdev_cache.1", node: node1, state: "running" },
      { task: "obsdev_cache.2", node: node2, state: "running" },
    ]);
    expect(health.services.flatMap((s) => [...s.lost, ...s.pending])).toEqual([]);
    expect(shortServices(health)).toEqual([]);
  });
  it("shows the three nodes ready, the manager as leader", () => {
    expect(health.nodes.map((n) => [n.name, n.role, n.availability, n.state, n.message, n.leader])).toEqual([
      [node1, "manager", "active", "ready", "", true],
      [node2, "worker", "active", "ready", "", false],
      [node3, "worker", "active", "ready", "", false],
    ]);
  });
});

describe("stackHealth after two workers were stopped (captured)", () => {
  const health = stackHealth("obsdev", services, after.tasks, after.nodes);
  const [cache, store] = health.services;
  it("says the nodes are down and why", () => {
    expect(health.nodes.filter((n) => n.state !== "ready").map((n) => [n.name, n.state, n.message])).toEqual([
      [node2, "down", "heartbeat failure"],
      [node3, "down", "heartbeat failure"],
    ]);
  });
  it("the replicated service lost its task on node 2 and Swarm rescheduled it on node 1", () => {
    expect(cache).toMatchObject({ service: "cache", running: 2, desired: 2, ok: true, pending: [] });
    expect(cache?.lost).toEqual([{ task: "obsdev_cache.2", node: node2, nodeState: "down", replacement: { task: "obsdev_cache.2", node: node1, state: "running", error: "" } }]);
    expect(cache?.placements.map((p) => p.node)).toEqual([node1, node1]);
  });
  it("the pinned service lost its only task, its replacement runs nowhere, with the scheduler's reason", () => {
    expect(store).toMatchObject({ service: "store", running: 0, desired: 1, ok: false });
    expect(store?.lost).toEqual([{ task: "obsdev_store.1", node: node3, nodeState: "down", replacement: { task: "obsdev_store.1", node: "", state: "pending", error: NO_NODE } }]);
    expect(store?.pending).toEqual([{ task: "obsdev_store.1", state: "pending", message: NO_NODE }]);
    expect(shortServices(health).map((s) => s.service)).toEqual(["store"]);
  });
  it("is stricter than the engine's own count, which still believes the down nodes' last report", () => {
    // docker service ls said 3/2 and 1/1 at that moment; the pinned service ran nowhere.
    expect(services.map((s) => `${s.ServiceStatus.RunningTasks}/${s.ServiceStatus.DesiredTasks}`)).toEqual(["3/2", "1/1"]);
    expect(health.services.map((s) => `${s.running}/${s.desired}`)).toEqual(["2/2", "0/1"]);
  });
  it("ignores services of other stacks", () => {
    expect(stackHealth("other", services, after.tasks, after.nodes).services).toEqual([]);
  });
});

// Hand-made cases around the captured ones: states the cluster passes through, other modes.
const label = { "com.docker.stack.namespace": "shop" };
const ready = (id: string, extra: Partial<NodeDetailFields> = {}): NodeDetailFields => ({ ID: id, Description: { Hostname: `host-${id}` }, Spec: { Role: "worker", Availability: "active" }, Status: { State: "ready" }, ...extra });
const down = (id: string): NodeDetailFields => ready(id, { Status: { State: "down", Message: "heartbeat failure" } });
const task = (fields: Partial<TaskDetailFields> & Pick<TaskDetailFields, "ID">): TaskDetailFields => ({ ServiceID: "s", DesiredState: "running", Status: { State: "running" }, ...fields });
const service = (mode: NonNullable<ServiceFields["Spec"]["Mode"]>): ServiceFields => ({ ID: "s", Spec: { Name: "shop_api", Labels: label, Mode: mode } });
const one = (svc: ServiceFields, tasks: TaskDetailFields[], nodes: NodeDetailFields[]) => stackHealth("shop", [svc], tasks, nodes).services[0];

describe("stackHealth: a service is never healthy unless its tasks run on ready nodes", () => {
  it("a task still reported running by a node that is down does not count", () => {
    const health = one(service({ Replicated: { Replicas: 1 } }), [task({ ID: "t", Slot: 1, NodeID: "a" })], [down("a")]);
    expect(health).toMatchObject({ running: 0, desired: 1, ok: false, pending: [] });
    expect(health?.lost).toEqual([{ task: "shop_api.1", node: "host-a", nodeState: "down" }]);
  });
  it("a replacement that is still starting is lost-and-rescheduled but not running yet", () => {
    const health = one(service({ Replicated: { Replicas: 1 } }), [
      task({ ID: "old", Slot: 1, NodeID: "a", DesiredState: "shutdown" }),
      task({ ID: "new", Slot: 1, NodeID: "b", Status: { State: "starting" } }),
    ], [down("a"), ready("b")]);
    expect(health).toMatchObject({ running: 0, ok: false });
    expect(health?.lost[0]?.replacement).toEqual({ task: "shop_api.1", node: "host-b", state: "starting", error: "" });
    expect(health?.pending).toEqual([{ task: "shop_api.1", state: "starting", message: "" }]);
  });
  it("a replacement waiting with desired state ready (the old task not stopped yet) is found too", () => {
    const health = one(service({ Replicated: { Replicas: 1 } }), [
      task({ ID: "old", Slot: 1, NodeID: "a", DesiredState: "shutdown" }),
      task({ ID: "new", Slot: 1, NodeID: "b", DesiredState: "ready", Status: { State: "ready", Message: "assigned" } }),
    ], [down("a"), ready("b")]);
    expect(health?.lost[0]?.replacement?.node).toBe("host-b");
  });
  it("a task whose node left the Swarm (not in /nodes) is lost on an unknown node, named by its id", () => {
    const health = one(service({ Replicated: { Replicas: 1 } }), [task({ ID: "t", Slot: 1, NodeID: "gone" })], [ready("b")]);
    expect(health?.lost).toEqual([{ task: "shop_api.1", node: "gone", nodeState: "unknown" }]);
    expect(health?.ok).toBe(false);
  });
  it("failed and shut-down tasks of a crash loop are history, not losses", () => {
    const health = one(service({ Replicated: { Replicas: 1 } }), [
      task({ ID: "crashed", Slot: 1, NodeID: "b", DesiredState: "shutdown", Status: { State: "failed", Err: "task: non-zero exit (1)" } }),
      task({ ID: "now", Slot: 1, NodeID: "b" }),
    ], [ready("b")]);
    expect(health).toMatchObject({ running: 1, ok: true, lost: [], pending: [] });
  });
  it("a global service wants one task per node it placed on; the one on a down node is lost, not rescheduled", () => {
    const health = one(service({ Global: {} }), [task({ ID: "g1", NodeID: "a" }), task({ ID: "g2", NodeID: "b" })], [down("a"), ready("b")]);
    expect(health).toMatchObject({ mode: "global", desired: 2, running: 1, ok: false });
    expect(health?.lost).toEqual([{ task: "shop_api.a", node: "host-a", nodeState: "down" }]);
  });
  it("a job is fine once its completions are done, or while a task runs", () => {
    const job = service({ ReplicatedJob: { TotalCompletions: 1 } } as NonNullable<ServiceFields["Spec"]["Mode"]>);
    expect(one(job, [task({ ID: "j", Slot: 1, NodeID: "b", DesiredState: "complete", Status: { State: "complete" } })], [ready("b")])).toMatchObject({ mode: "job", ok: true, desired: 1 });
    expect(one(job, [task({ ID: "j", Slot: 1, NodeID: "b" })], [ready("b")])).toMatchObject({ ok: true, running: 1 });
    expect(one(job, [task({ ID: "j", Slot: 1, DesiredState: "ready", Status: { State: "pending", Err: "no suitable node" } })], [ready("b")])).toMatchObject({ ok: false, pending: [{ task: "shop_api.1", state: "pending", message: "no suitable node" }] });
  });
  it("a service scaled to 0 is fine with no task", () => {
    expect(one(service({ Replicated: { Replicas: 0 } }), [], [ready("b")])).toMatchObject({ desired: 0, running: 0, ok: true });
  });
});

describe("nodeViews", () => {
  it("keeps unknown fields visible as unknown and sorts nodes by name, numbers in order", () => {
    expect(nodeViews([{ ID: "x10", Description: { Hostname: "n10" } }, { ID: "x2", Description: { Hostname: "n2" }, Status: { State: "disconnected", Message: "" } }]).map((n) => [n.name, n.role, n.availability, n.state])).toEqual([
      ["n2", "unknown", "unknown", "disconnected"],
      ["n10", "unknown", "unknown", "unknown"],
    ]);
  });
});

// Captured on the harness cluster: a user's stack with a global agent, a replicated-job that
// completed, a service whose constraint no node meets (node.labels.tier == frontend) and one whose
// image no node has (example/api:does-not-exist), 12 s after docker stack deploy.
describe("stackHealth on a stack with the usual mistakes (captured)", () => {
  const modes = (name: string) => JSON.parse(readFileSync(join(import.meta.dirname, "testdata", "modes", `${name}.json`), "utf8")) as never;
  const health = stackHealth("modes", modes("services"), modes("tasks"), modes("nodes"));
  const byName = new Map(health.services.map((service) => [service.service, service]));
  it("a global service wants one task per node and has them", () => {
    expect(byName.get("agent")).toMatchObject({ mode: "global", desired: 3, running: 3, ok: true, lost: [], pending: [] });
  });
  it("a completed job is fine with nothing running", () => {
    expect(byName.get("setup")).toMatchObject({ mode: "job", desired: 1, running: 0, completed: 1, ok: true, pending: [] });
  });
  it("replicas no node may take run nowhere, each with the scheduler's reason, in slot order", () => {
    expect(byName.get("web")).toMatchObject({ desired: 2, running: 0, ok: false, lost: [] });
    expect(byName.get("web")?.pending).toEqual([1, 2].map((slot) => ({ task: `modes_web.${slot}`, state: "pending", message: "no suitable node (scheduling constraints not satisfied on 3 nodes)" })));
  });
  it("a task rejected for a missing image is the current attempt, not running, quoted; the earlier attempts are history", () => {
    expect(byName.get("api")).toMatchObject({ desired: 1, running: 0, ok: false, lost: [] });
    expect(byName.get("api")?.pending).toEqual([{ task: "modes_api.1", state: "rejected", message: "No such image: example/api:does-not-exist" }]);
  });
});
