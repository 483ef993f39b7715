import { describe, expect, it } from "vitest";
import { createApp } from "./app.js";
import type { ServerActions } from "./server-context.js";
import type { SwarmOverview, SwarmSource } from "./swarm-view.js";
import { canaries, serverFixture, TOKEN } from "./testing/server-fixture.js";
import { nodeFailure } from "./testing/swarm-fixture.js";

const noActions: ServerActions = {
  verify: () => Promise.reject(new Error("not in this test")),
  backup: () => Promise.reject(new Error("not in this test")),
  rollback: () => Promise.reject(new Error("not in this test")),
};

async function appWith(swarm?: SwarmSource) {
  const { engine, served } = await serverFixture();
  return createApp({ engine, projects: [served], token: TOKEN, actions: noActions, ...(swarm === undefined ? {} : { swarm }) });
}

describe("berth serve on a Swarm manager", () => {
  it("GET /metrics adds the nodes and the tasks of the project's stack", async () => {
    const asked: string[] = [];
    const app = await appWith((project) => (asked.push(project), Promise.resolve(nodeFailure)));
    const text = await (await app.request("/metrics")).text();
    expect(asked).toEqual(["shop"]);
    expect(text).toContain('berth_swarm_node_up{project="shop",node="node-2",role="worker",availability="active"} 0\n');
    expect(text).toContain('berth_swarm_service_tasks_desired{project="shop",service="store"} 1\n');
    expect(text).toContain('berth_swarm_service_tasks_running{project="shop",service="store"} 0\n');
    // The container families stay, in front.
    expect(text.indexOf("# HELP berth_service_up")).toBeLessThan(text.indexOf("# HELP berth_swarm_node_up"));
  });
  it("GET /metrics has no Swarm family off a manager, nor without a source", async () => {
    for (const app of [await appWith(() => Promise.resolve(null)), await appWith()]) expect(await (await app.request("/metrics")).text()).not.toContain("berth_swarm_");
  });
  it("GET /api/projects/:p/swarm gives the nodes and tasks, redacted, and null off a manager", async () => {
    const [, store] = nodeFailure.services;
    if (store === undefined) throw new Error("the fixture has a store service");
    const leaky: SwarmOverview = { ...nodeFailure, services: [{ ...store, pending: [{ task: "s_store.1", state: "rejected", message: `invalid mount: password=${canaries.password}` }] }] };
    const body = (await (await (await appWith(() => Promise.resolve(leaky))).request("/api/projects/shop/swarm")).json()) as SwarmOverview;
    expect(body.nodes.map((node) => `${node.name}=${node.state}`)).toEqual(["node-1=ready", "node-2=down", "node-3=down"]);
    expect(body.services[0]).toMatchObject({ service: "store", running: 0, desired: 1, ok: false });
    expect(JSON.stringify(body)).not.toContain(canaries.password);
    expect(await (await (await appWith(() => Promise.resolve(null))).request("/api/projects/shop/swarm")).json()).toBeNull();
    expect(await (await (await appWith()).request("/api/projects/shop/swarm")).json()).toBeNull();
  });
  it("a manager that cannot be read answers 500 with the reason, never a stack trace", async () => {
    const app = await appWith(() => Promise.reject(new Error("cannot reach tcp://127.0.0.1:9 (listing the Swarm's nodes)")));
    const response = await app.request("/metrics");
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: "internal error", detail: "cannot reach tcp://127.0.0.1:9 (listing the Swarm's nodes)" });
  });
});
