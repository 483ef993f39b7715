import { describe, expect, it } from "vitest";
import { loadInline } from "../compose/testing/inline-project.js";
import { deployStack } from "./deploy-stack.js";
import { FakeSwarmPort, type TaskScript } from "./fake-swarm-port.js";
import { renderStackRollback, rollbackStack } from "./rollback-stack.js";
import type { GateTiming } from "./service-gate.js";

// `berth rollback` on a manager against the in-memory manager: which services go back, in which
// order, and which are left alone and why.
const yaml = (api: string, web = "nginx:1.22") => `services:
  web:
    image: ${web}
    depends_on: [api]
  api:
    image: ${api}
    depends_on: [db]
  db:
    image: postgres:15
`;

const project = (api: string, web?: string) => loadInline(yaml(api, web), { projectName: "shop" });
const read = () => Buffer.from("");

/** The clock advances only when berth sleeps: no test depends on wall-clock speed. */
function timing(overrides: Partial<GateTiming> = {}): GateTiming {
  let now = 0;
  return { timeoutMs: 60_000, pollMs: 1000, pendingGraceMs: 5000, stableMs: 3000, now: () => now, sleep: async (ms) => void (now += ms), signal: new AbortController().signal, ...overrides };
}

async function deployed(...releases: [string, string?][]) {
  const port = new FakeSwarmPort();
  for (const [api, web] of releases) await deployStack({ port, project: project(api, web), read, timing: timing() });
  port.calls.length = 0;
  return port;
}

describe("rollbackStack", () => {
  it("returns each service the last deploy updated to its previous spec, dependents first, and leaves the others alone, saying why", async () => {
    const port = await deployed(["api:1", "nginx:1.22"], ["api:2", "nginx:1.23"]);
    const progress: string[] = [];
    const result = await rollbackStack(port, project("api:2", "nginx:1.23"), timing(), (service, message) => progress.push(`${service}: ${message}`));
    expect(result.ok).toBe(true);
    expect(port.calls).toEqual(["rollback service shop_web at version 2", "rollback service shop_api at version 2"]);
    expect(result.services).toEqual([
      expect.objectContaining({ service: "web", action: "rolled-back", from: "nginx:1.23", to: "nginx:1.22" }),
      expect.objectContaining({ service: "api", action: "rolled-back", from: "api:2", to: "api:1" }),
      { service: "db", action: "skipped", reason: "no previous spec (the service was created, never updated)" },
    ]);
    expect(progress).toContain("api: rolling back to its previous spec (image api:1)");
    expect(renderStackRollback(result)).toBe("  web: nginx:1.23 -> nginx:1.22\n  api: api:2 -> api:1\n  db: left as it is: no previous spec (the service was created, never updated)\nshop: 2 service(s) back to their previous spec on the Swarm\n");
  });

  it("does not roll back twice: after a rollback Swarm's previous spec is the release that failed", async () => {
    const port = await deployed(["api:1"], ["api:2"]);
    await rollbackStack(port, project("api:2"), timing());
    port.calls.length = 0;
    const again = await rollbackStack(port, project("api:2"), timing());
    expect(port.calls).toEqual([]);
    expect(again.services.find((service) => service.service === "api")).toEqual({ service: "api", action: "skipped", reason: "its last update was already rolled back: Swarm's previous spec is now the release that failed, or none" });
    expect(renderStackRollback(again)).toContain("shop: nothing to roll back on the Swarm");
  });

  it("leaves alone a service Swarm rolled back itself: its failure_action clears the previous spec (seen on 20.10)", async () => {
    const port = await deployed(["api:1"], ["api:2"]);
    const index = port.serviceList.findIndex((service) => service.Spec.Name === "shop_api");
    const { PreviousSpec: _cleared, ...service } = port.serviceList[index] as (typeof port.serviceList)[number];
    port.serviceList[index] = { ...service, UpdateStatus: { State: "rollback_completed", StartedAt: service.UpdatedAt ?? "" } };
    const result = await rollbackStack(port, project("api:2"), timing());
    expect(port.calls).toEqual([]);
    expect(result.services.find((entry) => entry.service === "api")?.reason).toBe("its last update was already rolled back: Swarm's previous spec is now the release that failed, or none");
  });

  it("names a service that is not deployed", async () => {
    const port = new FakeSwarmPort();
    const result = await rollbackStack(port, project("api:1"), timing());
    expect(result.services.map((service) => service.reason)).toEqual(["not deployed", "not deployed", "not deployed"]);
    expect(result.ok).toBe(true);
  });

  it("fails when a rollback does not complete in time", async () => {
    const port = await deployed(["api:1"], ["api:2"]);
    const original = port.rollbackService.bind(port);
    port.rollbackService = async (id, version) => {
      await original(id, version);
      const index = port.serviceList.findIndex((service) => service.ID === id);
      const service = port.serviceList[index];
      if (service) port.serviceList[index] = { ...service, UpdateStatus: { State: "rollback_started", StartedAt: service.UpdatedAt ?? "" } };
    };
    const result = await rollbackStack(port, project("api:2"), timing({ timeoutMs: 3000 }));
    expect(result.ok).toBe(false);
    expect(renderStackRollback(result)).toContain("  api: api:2 -> api:1 NOT completed (rollback_started)\n");
    expect(renderStackRollback(result).endsWith("shop: rollback FAILED for api\n")).toBe(true);
  });
});

describe("the tasks a fake rollback plays", () => {
  it("are the previous spec's: the fake keeps the spec it replaced", async () => {
    const seen: string[] = [];
    const script: TaskScript = (_poll, spec) => {
      seen.push(spec.TaskTemplate.ContainerSpec.Image);
      return [{ ID: "t", Slot: 1, NodeID: "n1", DesiredState: "running", Status: { State: "running" } }];
    };
    const port = new FakeSwarmPort({ shop_api: script });
    for (const api of ["api:1", "api:2"]) await deployStack({ port, project: project(api), read, timing: timing() });
    await rollbackStack(port, project("api:2"), timing());
    const id = port.serviceList.find((service) => service.Spec.Name === "shop_api")?.ID ?? "";
    await port.tasks(id);
    expect(seen.at(-1)).toBe("api:1");
  });
});
