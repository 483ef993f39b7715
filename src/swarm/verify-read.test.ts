import { describe, expect, it } from "vitest";
import type { SwarmPort, SwarmTask } from "./swarm-port.js";
import type { ServiceSpec } from "./swarm-spec.js";
import { liveService, nodes, task } from "./verify-testing.js";
import { readStack, swarmVerifyAccess } from "./verify-read.js";

/** A manager with a pinned Postgres on node 3, read through the calls verify makes. */
function manager(updateStatus?: { State: string; Message: string }) {
  const updates: { id: string; version: number; spec: ServiceSpec }[] = [];
  const service = { ...liveService("s-pg", "shop_postgres", { Networks: [{ Target: "net-data", Aliases: ["postgres"] }], Placement: { Constraints: ["node.labels.berth.node == 3"] }, ForceUpdate: 4 }), ...(updateStatus ? { UpdateStatus: updateStatus } : {}) };
  const tasks: SwarmTask[] = [task("t1", "s-pg", "n3")];
  const port = {
    services: async (stack: string) => (stack === "shop" ? [service] : []),
    service: async () => service,
    tasks: async (id: string) => tasks.filter((t) => t.ServiceID === id),
    networks: async () => [{ ID: "net-data", Name: "shop_data" }],
    nodes: async () => nodes,
    localNodeId: async () => "n1",
    updateService: async (id: string, version: number, spec: ServiceSpec) => void updates.push({ id, version, spec }),
  } as unknown as SwarmPort;
  return { port, updates };
}

describe("readStack", () => {
  it("reads the stack's services, tasks, networks and nodes into verify's shape, the manager named", async () => {
    const read = await readStack(manager().port, "shop");
    expect(read).toMatchObject({ managerId: "n1", managerName: "node-1", managerAddress: "172.21.0.2" });
    expect(read.facts.get("postgres")).toMatchObject({ networks: ["shop_data"], eligibleNodes: ["node-3"], running: [{ id: "t1", node: "node-3", address: "172.21.0.4" }] });
    expect(read.health.map((service) => [service.service, service.running, service.desired, service.ok])).toEqual([["postgres", 1, 1, true]]);
  });

  it("an empty stack reads as no service", async () => {
    const read = await readStack(manager().port, "other");
    expect([...read.facts.keys()]).toEqual([]);
    expect(read.health).toEqual([]);
  });
});

describe("swarmVerifyAccess", () => {
  it("forces a restart as docker service update --force does: the whole spec, ForceUpdate + 1, at the service's version", async () => {
    const { port, updates } = manager();
    await swarmVerifyAccess(port, "shop").forceRestart("s-pg");
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({ id: "s-pg", version: 10 });
    expect(updates[0]?.spec.TaskTemplate.ForceUpdate).toBe(5);
    expect(updates[0]?.spec.TaskTemplate.Placement?.Constraints).toEqual(["node.labels.berth.node == 3"]);
    expect(updates[0]?.spec.Name).toBe("shop_postgres");
  });

  it("reads the update's state, completed when Swarm reports none", async () => {
    expect(await swarmVerifyAccess(manager().port, "shop").updateState("s-pg")).toEqual({ state: "completed", message: "" });
    expect(await swarmVerifyAccess(manager({ State: "rollback_completed", Message: "update rolled back" }).port, "shop").updateState("s-pg")).toEqual({ state: "rollback_completed", message: "update rolled back" });
  });
});
