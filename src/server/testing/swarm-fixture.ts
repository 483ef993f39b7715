import type { SwarmOverview } from "../swarm-view.js";

// The node failure of the harness cluster (src/swarm/testdata/node-failure): nodes 2 and 3 down,
// cache rescheduled onto node 1, store pinned to node 3 and pending.
export const nodeFailure: SwarmOverview = {
  nodes: [
    { name: "node-1", role: "manager", availability: "active", state: "ready", message: "", leader: true },
    { name: "node-2", role: "worker", availability: "active", state: "down", message: "heartbeat failure", leader: false },
    { name: "node-3", role: "worker", availability: "drain", state: "down", message: "heartbeat failure", leader: false },
  ],
  services: [
    { service: "cache", mode: "replicated", desired: 2, running: 2, ok: true, placements: [{ task: "s_cache.1", node: "node-1", state: "running" }, { task: "s_cache.2", node: "node-1", state: "running" }], lost: [{ task: "s_cache.2", node: "node-2" }], pending: [] },
    { service: "store", mode: "replicated", desired: 1, running: 0, ok: false, placements: [{ task: "s_store.1", node: "", state: "pending" }], lost: [{ task: "s_store.1", node: "node-3" }], pending: [{ task: "s_store.1", state: "pending", message: "no suitable node" }] },
  ],
};
