import { describe, expect, it } from "vitest";
import { observerOver, swarmOverview } from "./obs-client.js";
import type { StackObjects } from "./swarm-client.js";

// The Engine API side (filters, errors) is swarm-client.test.ts's; here: one read feeds both views.
const stack = { "com.docker.stack.namespace": "shop" };
const objects: StackObjects = {
  services: [{ ID: "s1", Spec: { Name: "shop_db", Labels: stack, Mode: { Replicated: { Replicas: 1 } } } }],
  nodes: [{ ID: "n3", Description: { Hostname: "node-3" }, Spec: { Role: "worker", Availability: "active" }, Status: { State: "down", Message: "heartbeat failure" } } as StackObjects["nodes"][number]],
  tasks: [
    { ID: "old", ServiceID: "s1", Slot: 1, NodeID: "n3", DesiredState: "shutdown", Status: { State: "running" } },
    { ID: "new", ServiceID: "s1", Slot: 1, DesiredState: "running", Status: { State: "pending", Err: "no suitable node" } },
  ],
};

describe("observerOver", () => {
  it("gives the task rows and the health of the stack from one read", async () => {
    const asked: string[] = [];
    const observer = observerOver({ display: "tcp://manager:2375", role: () => Promise.resolve("manager"), stackObjects: (name) => (asked.push(name), Promise.resolve(objects)) });
    const view = await observer.stackView("shop");
    expect(asked).toEqual(["shop"]);
    expect(view.tasks.map((row) => [row.id, row.node, row.state])).toEqual([["new", "", "pending"], ["old", "node-3", "running"]]);
    expect(view.health.services).toMatchObject([{ service: "db", running: 0, desired: 1, ok: false, lost: [{ task: "shop_db.1", node: "node-3" }], pending: [{ message: "no suitable node" }] }]);
    expect(view.health.nodes).toMatchObject([{ name: "node-3", role: "worker", state: "down", message: "heartbeat failure" }]);
  });
  it("passes the role and the engine's address through", async () => {
    const observer = observerOver({ display: "tcp://manager:2375", role: () => Promise.resolve("worker"), stackObjects: () => Promise.resolve(objects) });
    expect(await observer.role()).toBe("worker");
    expect(observer.display).toBe("tcp://manager:2375");
  });
  it("an empty stack is no services and no tasks, with the cluster's nodes", async () => {
    const view = await observerOver({ display: "", role: () => Promise.resolve("manager"), stackObjects: () => Promise.resolve({ services: [], tasks: [], nodes: objects.nodes }) }).stackView("shop");
    expect(view).toMatchObject({ tasks: [], health: { services: [], nodes: [{ name: "node-3" }] } });
  });
});

describe("swarmOverview (berth serve's source)", () => {
  it("gives the stack's health on a manager and null elsewhere, asking the role at every call", async () => {
    let role: "manager" | "worker" | "none" = "manager";
    const observer = observerOver({ display: "", role: () => Promise.resolve(role), stackObjects: () => Promise.resolve(objects) });
    const overview = swarmOverview({}, observer);
    expect(await overview("shop")).toMatchObject({ services: [{ service: "db", ok: false }], nodes: [{ name: "node-3", state: "down" }] });
    role = "worker";
    expect(await overview("shop")).toBeNull();
    role = "none";
    expect(await overview("shop")).toBeNull();
  });
});
