import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { stackHealth, type NodeDetailFields, type ServiceHealth, type TaskDetailFields } from "./obs-health.js";
import { healthLines, narrowTo, nodesNotReady, nodeTable, serviceTable, stackSections } from "./obs-summary.js";
import type { ServiceFields } from "./stack-tasks.js";

// The node failure captured on the harness cluster (see obs-health.test.ts): nodes 2 and 3 stopped.
const fixture = <T>(name: string): T => JSON.parse(readFileSync(join(import.meta.dirname, "testdata", "node-failure", `${name}.json`), "utf8")) as T;
const services = fixture<ServiceFields[]>("services-status");
const after = stackHealth("obsdev", services, fixture<TaskDetailFields[]>("tasks-after"), fixture<NodeDetailFields[]>("nodes-after"));
const before = stackHealth("obsdev", services, fixture<TaskDetailFields[]>("tasks-before"), fixture<NodeDetailFields[]>("nodes-before"));

describe("healthLines after a node failure", () => {
  it("says what was lost on which node, where Swarm put it, what runs nowhere and which service is short", () => {
    expect(healthLines(after)).toEqual([
      "lost: obsdev_cache.2 on berth-swarm-obsdev-2 (node down); rescheduled as obsdev_cache.2 on berth-swarm-obsdev-1, running",
      "lost: obsdev_store.1 on berth-swarm-obsdev-3 (node down); not rescheduled: its replacement obsdev_store.1 is pending: no suitable node (2 nodes not available for new tasks; scheduling constraints not satisfied on 1 node)",
      "not running: obsdev_store.1 pending: no suitable node (2 nodes not available for new tasks; scheduling constraints not satisfied on 1 node)",
      "NOT HEALTHY: store 0/1 tasks running",
    ]);
  });
  it("is empty on the healthy cluster", () => {
    expect(healthLines(before)).toEqual([]);
  });
  it("names a lost task Swarm made no replacement for, and a job that did not complete", () => {
    const job: ServiceHealth = { service: "migrate", mode: "job", desired: 1, running: 0, completed: 0, ok: false, placements: [], lost: [{ task: "s_migrate.1", node: "n2", nodeState: "disconnected" }], pending: [] };
    expect(healthLines({ nodes: [], services: [job] })).toEqual(["lost: s_migrate.1 on n2 (node disconnected); not rescheduled", "NOT HEALTHY: migrate job not complete"]);
  });
  it("shows a replacement's error beside its state", () => {
    const svc: ServiceHealth = { service: "api", mode: "replicated", desired: 1, running: 0, completed: 0, ok: false, placements: [], pending: [], lost: [{ task: "s_api.1", node: "n2", nodeState: "down", replacement: { task: "s_api.1", node: "n1", state: "rejected", error: "No such image: api:2" } }] };
    expect(healthLines({ nodes: [], services: [svc] })[0]).toBe("lost: s_api.1 on n2 (node down); rescheduled as s_api.1 on n1, rejected: No such image: api:2");
  });
});

describe("nodeTable", () => {
  it("gives name, role (the leader marked), availability, state and the managers' message", () => {
    expect(nodeTable(after.nodes)).toEqual({
      header: ["NODE", "ROLE", "AVAILABILITY", "STATE", "MESSAGE"],
      cells: [
        ["berth-swarm-obsdev-1", "manager (leader)", "active", "ready", ""],
        ["berth-swarm-obsdev-2", "worker", "active", "down", "heartbeat failure"],
        ["berth-swarm-obsdev-3", "worker", "active", "down", "heartbeat failure"],
      ],
    });
    expect(nodesNotReady(after.nodes).map((node) => node.name)).toEqual(["berth-swarm-obsdev-2", "berth-swarm-obsdev-3"]);
    expect(nodesNotReady(before.nodes)).toEqual([]);
  });
});

describe("serviceTable", () => {
  it("gives running/desired and each wanted task with its node and state", () => {
    expect(serviceTable(after.services)).toEqual({
      header: ["SERVICE", "MODE", "RUNNING", "TASKS (NODE, STATE)"],
      cells: [
        ["cache", "replicated", "2/2", "obsdev_cache.1 (berth-swarm-obsdev-1, running), obsdev_cache.2 (berth-swarm-obsdev-1, running)"],
        ["store", "replicated", "0/1", "obsdev_store.1 (no node, pending)"],
      ],
    });
  });
});

describe("stackSections and narrowTo (berth ps on a manager)", () => {
  const row = (service: string, node: string) => ({ name: `obsdev_${service}.1`, service, node, nodeState: "ready", desiredState: "running", state: "running", error: "", image: "redis:7", id: `t-${service}` });
  it("gives the task, node and service tables in that order, then the failure's lines", () => {
    const { tables, lines } = stackSections([row("cache", "berth-swarm-obsdev-1")], after);
    expect(tables.map((table) => table.header[0])).toEqual(["NAME", "NODE", "SERVICE"]);
    expect(lines).toEqual(healthLines(after));
  });
  it("on a healthy stack with a node down that held none of its tasks, says so instead", () => {
    const cacheOnly = { nodes: after.nodes, services: before.services.filter((service) => service.service === "cache") };
    expect(stackSections([], cacheOnly).lines).toEqual([
      "node berth-swarm-obsdev-2 is down (heartbeat failure): no task of this stack was lost with it",
      "node berth-swarm-obsdev-3 is down (heartbeat failure): no task of this stack was lost with it",
    ]);
    expect(stackSections([], before).lines).toEqual([]);
  });
  it("narrows tasks and services to the ones named, keeps every node", () => {
    const narrowed = narrowTo(["store"], [row("cache", "n1"), row("store", "n3")], after);
    expect(narrowed.tasks.map((task) => task.service)).toEqual(["store"]);
    expect(narrowed.health.services.map((service) => service.service)).toEqual(["store"]);
    expect(narrowed.health.nodes).toHaveLength(3);
    expect(narrowTo([], [row("cache", "n1")], after).health.services).toHaveLength(2);
  });
});

describe("serviceTable for a job", () => {
  it("counts completions, not running tasks", () => {
    const job: ServiceHealth = { service: "migrate", mode: "job", desired: 1, running: 0, completed: 1, ok: true, placements: [], lost: [], pending: [] };
    expect(serviceTable([job]).cells).toEqual([["migrate", "job", "1/1 completed", ""]]);
  });
});
