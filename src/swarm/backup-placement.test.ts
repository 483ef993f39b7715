import { describe, expect, it } from "vitest";
import { eligibleNodes, pinningOf, type PlacementNode } from "./backup-placement.js";

const nodes: PlacementNode[] = [
  { ID: "aaa1", Description: { Hostname: "node-1", Platform: { OS: "linux", Architecture: "x86_64" } }, Spec: { Role: "manager", Labels: { "berth.node": "1", disk: "ssd" } } },
  { ID: "bbb2", Description: { Hostname: "node-2", Platform: { OS: "linux", Architecture: "x86_64" } }, Spec: { Role: "worker", Labels: { "berth.node": "2", disk: "ssd" } } },
  { ID: "ccc3", Description: { Hostname: "node-3", Platform: { OS: "linux", Architecture: "aarch64" }, Engine: { Labels: { zone: "b" } } }, Spec: { Role: "worker", Labels: { "berth.node": "3" } } },
];
const names = (constraints: string[]) => eligibleNodes(constraints, nodes).map((node) => node.Description?.Hostname);

describe("eligibleNodes", () => {
  it("reads node labels, hostname, id, role, platform and engine labels, with == and !=", () => {
    expect(names(["node.labels.berth.node == 3"])).toEqual(["node-3"]);
    expect(names(["node.labels.berth.node != 3"])).toEqual(["node-1", "node-2"]);
    expect(names(["node.hostname==node-2"])).toEqual(["node-2"]);
    expect(names(["node.id == aaa1"])).toEqual(["node-1"]);
    expect(names(["node.role == worker", "node.labels.disk == ssd"])).toEqual(["node-2"]);
    expect(names(["node.platform.arch == aarch64"])).toEqual(["node-3"]);
    expect(names(["engine.labels.zone == b"])).toEqual(["node-3"]);
  });

  it("compares hostnames and roles without case, labels exactly", () => {
    expect(names(["node.hostname == NODE-1"])).toEqual(["node-1"]);
    expect(names(["node.role == Manager"])).toEqual(["node-1"]);
    expect(names(["node.labels.disk == SSD"])).toEqual([]);
  });

  it("a node without the label does not match ==, and matches !=", () => {
    expect(names(["node.labels.disk == ssd"])).toEqual(["node-1", "node-2"]);
    expect(names(["node.labels.disk != ssd"])).toEqual(["node-3"]);
  });

  it("keeps every node eligible for a constraint it cannot read, never making a service look pinned", () => {
    expect(names(["node.platform.kernel == 6"])).toEqual(["node-1", "node-2", "node-3"]);
    expect(names(["not a constraint"])).toEqual(["node-1", "node-2", "node-3"]);
  });
});

describe("pinningOf", () => {
  it("is pinned when exactly one node can run the task", () => {
    expect(pinningOf("postgres", ["node.labels.berth.node == 3"], nodes)).toEqual({ pinned: true, eligible: ["node-3"] });
  });

  it("says why a service without constraints is not pinned, naming the nodes", () => {
    const pinning = pinningOf("postgres", [], nodes);
    expect(pinning.pinned).toBe(false);
    expect(pinning.reason).toBe("postgres is not pinned to one node: it has no placement constraints (node-1, node-2, node-3); a task Swarm moves starts on another node's empty volume");
  });

  it("names the eligible nodes in order, whatever order the manager lists them in", () => {
    expect(pinningOf("db", [], [...nodes].reverse()).eligible).toEqual(["node-1", "node-2", "node-3"]);
  });

  it("says which constraints allow several nodes", () => {
    expect(pinningOf("db", ["node.role == worker"], nodes).reason).toContain("its constraints (node.role == worker) allow 2 nodes (node-2, node-3)");
  });

  it("says when no node satisfies the placement", () => {
    expect(pinningOf("db", ["node.labels.berth.node == 9"], nodes)).toEqual({ pinned: false, eligible: [], reason: "no node satisfies the placement of db (node.labels.berth.node == 9)" });
  });
});
