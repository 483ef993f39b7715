import { describe, expect, it } from "vitest";
import { loadInline } from "../compose/testing/inline-project.js";
import type { ServiceStatus } from "../report/report.js";
import { isServiceReady } from "../report/verdict.js";
import type { StackService as ServiceFacts, StackServiceHealth as ServiceHealth, SwarmStackRead as StackRead } from "./swarm-context.js";
import { swarmServiceStatus } from "./swarm-target.js";

const project = loadInline(`
name: shop
services:
  web: { image: nginx:1.22, ports: [{ target: 8080, published: 18080, mode: host }] }
  api: { image: "app:1", healthcheck: { test: ["CMD", "true"] } }
  migrate: { image: "app:1", deploy: { mode: replicated-job } }
  gone: { image: "x:1" }
`);

const health = (service: string, over: Partial<ServiceHealth>): ServiceHealth => ({ service, mode: "replicated", desired: 1, running: 1, completed: 0, ok: true, placements: [], lost: [], pending: [], ...over });
const facts = (over: Partial<ServiceFacts>): ServiceFacts => ({ id: "s", image: "x", env: {}, networks: [], mounts: [], eligibleNodes: [], running: [], publishes: [], ...over });

describe("swarmServiceStatus: the report's services from the tasks", () => {
  const stack: StackRead = {
    facts: new Map([["web", facts({ image: "nginx:1.22", publishes: [{ published: 18080, mode: "host" }] })], ["api", facts({ image: "app:1" })]]),
    health: [
      health("web", { placements: [{ task: "shop_web.1", node: "node-1", state: "running" }] }),
      health("api", { desired: 2, running: 1, ok: false }),
      health("migrate", { mode: "job", running: 0, completed: 1 }),
    ],
    managerId: "n1",
    managerName: "node-1",
    managerAddress: "",
  };
  const status = swarmServiceStatus(project, stack);
  const of = (name: string) => status.find((s: ServiceStatus) => s.service === name)!;

  it("a service whose desired tasks all run is running, with its tasks and nodes and ports", () => {
    expect(of("web")).toMatchObject({ state: "running", health: "none", container: "shop_web.1 on node-1", ports: ["18080 (host)"], image: "nginx:1.22" });
    expect(isServiceReady(of("web"))).toBe(true);
  });
  it("a short service says how many run and is not ready (the verdict fails, as for a missing container)", () => {
    expect(of("api")).toMatchObject({ state: "1/2 tasks running", health: "none" });
    expect(isServiceReady(of("api"))).toBe(false);
  });
  it("a completed job counts as a one-shot that exited 0", () => {
    expect(of("migrate")).toMatchObject({ state: "exited", exitCode: 0, oneShot: true });
    expect(isServiceReady(of("migrate"))).toBe(true);
  });
  it("a service of the file that is not in the stack is missing", () => {
    expect(of("gone")).toMatchObject({ state: "missing", container: null });
    expect(isServiceReady(of("gone"))).toBe(false);
  });
  it("a running service with a healthcheck is healthy (Swarm runs a task only once healthy)", () => {
    const healthy = swarmServiceStatus(project, { ...stack, health: [health("api", { desired: 2, running: 2 })] });
    expect(healthy.find((s: ServiceStatus) => s.service === "api")).toMatchObject({ state: "running", health: "healthy" });
  });
});
