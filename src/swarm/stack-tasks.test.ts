import { describe, expect, it } from "vitest";
import { serviceNameIn, stackTaskRows, taskTable, type NodeFields, type ServiceFields, type TaskFields } from "./stack-tasks.js";

const stackLabels = (stack: string) => ({ "com.docker.stack.namespace": stack });
const services: ServiceFields[] = [
  { ID: "s-api", Spec: { Name: "shop_api", Labels: stackLabels("shop"), Mode: { Replicated: { Replicas: 2 } } } },
  { ID: "s-agent", Spec: { Name: "shop_agent", Labels: stackLabels("shop"), Mode: { Global: {} } } },
  { ID: "s-other", Spec: { Name: "other_api", Labels: stackLabels("other") } },
];
const nodes: NodeFields[] = [
  { ID: "n1", Description: { Hostname: "node-1" }, Status: { State: "ready" } },
  { ID: "n2", Description: { Hostname: "node-2" }, Status: { State: "ready" } },
  { ID: "n3", Description: { Hostname: "node-3" }, Status: { State: "down" } },
];
const task = (fields: Partial<TaskFields> & Pick<TaskFields, "ID" | "ServiceID">): TaskFields => ({
  DesiredState: "running",
  Status: { State: "running", Timestamp: "2026-12-07T20:00:00Z" },
  Spec: { ContainerSpec: { Image: "shop-api:1.4@sha256:0123abcd" } },
  ...fields,
});

describe("stackTaskRows", () => {
  it("names tasks as docker stack ps does, with the node's hostname and the image as written", () => {
    const rows = stackTaskRows("shop", services, [task({ ID: "t1", ServiceID: "s-api", Slot: 1, NodeID: "n2" })], nodes);
    expect(rows).toEqual([{ name: "shop_api.1", service: "api", node: "node-2", nodeState: "ready", desiredState: "running", state: "running", error: "", image: "shop-api:1.4", id: "t1" }]);
  });
  it("names a global task by its node id and keeps a task with no node yet (pending) with an empty node", () => {
    const rows = stackTaskRows("shop", services, [
      task({ ID: "t2", ServiceID: "s-agent", NodeID: "n1" }),
      task({ ID: "t3", ServiceID: "s-api", Slot: 2, Status: { State: "pending", Err: "no suitable node (1 node not available for new tasks)" } }),
    ], nodes);
    expect(rows.map((row) => [row.name, row.node, row.state, row.error])).toEqual([
      ["shop_agent.n1", "node-1", "running", ""],
      ["shop_api.2", "", "pending", "no suitable node (1 node not available for new tasks)"],
    ]);
  });
  it("lists the current task of a slot first, then the ones it replaced, newest first, with their errors", () => {
    const rows = stackTaskRows("shop", services, [
      task({ ID: "old", ServiceID: "s-api", Slot: 1, NodeID: "n1", DesiredState: "shutdown", Status: { State: "failed", Err: "task: non-zero exit (1)", Timestamp: "2026-12-07T20:00:01Z" } }),
      task({ ID: "now", ServiceID: "s-api", Slot: 1, NodeID: "n2", Status: { State: "running", Timestamp: "2026-12-07T20:00:00Z" } }),
      task({ ID: "older", ServiceID: "s-api", Slot: 1, NodeID: "n1", DesiredState: "shutdown", Status: { State: "failed", Err: "task: non-zero exit (1)", Timestamp: "2026-12-07T19:59:00Z" } }),
      task({ ID: "slot10", ServiceID: "s-api", Slot: 10, NodeID: "n1" }),
      task({ ID: "slot2", ServiceID: "s-api", Slot: 2, NodeID: "n1" }),
    ], nodes);
    expect(rows.map((row) => row.id)).toEqual(["now", "old", "older", "slot2", "slot10"]);
  });
  it("drops tasks of services outside the stack and of unknown services", () => {
    const rows = stackTaskRows("shop", services, [task({ ID: "x", ServiceID: "s-other", Slot: 1 }), task({ ID: "y", ServiceID: "gone", Slot: 1 })], nodes);
    expect(rows).toEqual([]);
  });
  it("shows the node id when the node has left the Swarm", () => {
    expect(stackTaskRows("shop", services, [task({ ID: "t", ServiceID: "s-api", Slot: 1, NodeID: "n9" })], nodes)[0]).toMatchObject({ node: "n9", nodeState: "unknown" });
  });
});

describe("serviceNameIn", () => {
  it("strips the stack prefix only when it is there", () => {
    expect(serviceNameIn("shop", "shop_api")).toBe("api");
    expect(serviceNameIn("shop", "shopping_api")).toBe("shopping_api");
  });
});

describe("taskTable", () => {
  it("gives one cell per column in the header's order", () => {
    const rows = stackTaskRows("shop", services, [task({ ID: "t1", ServiceID: "s-api", Slot: 1, NodeID: "n1" })], nodes);
    const table = taskTable(rows);
    expect(table.header).toEqual(["NAME", "SERVICE", "NODE", "DESIRED STATE", "CURRENT STATE", "ERROR", "IMAGE"]);
    expect(table.cells).toEqual([["shop_api.1", "api", "node-1", "running", "running", "", "shop-api:1.4"]]);
  });
  it("marks a task on a node that is not ready: its current state is only what that node last reported", () => {
    const rows = stackTaskRows("shop", services, [
      task({ ID: "stale", ServiceID: "s-api", Slot: 1, NodeID: "n3", DesiredState: "shutdown", Status: { State: "running", Timestamp: "2026-12-07T20:00:00Z" } }),
      task({ ID: "moved", ServiceID: "s-api", Slot: 1, NodeID: "n1", Status: { State: "running", Timestamp: "2026-12-07T20:01:00Z" } }),
    ], nodes);
    expect(taskTable(rows).cells.map((cells) => cells.slice(2, 5))).toEqual([
      ["node-1", "running", "running"],
      ["node-3 (node down)", "shutdown", "running"],
    ]);
  });
});
