import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { observerOver, type StackView } from "./obs-client.js";
import { swarmServiceStatuses } from "./report-status.js";
import type { NodeFields, ServiceFields, TaskFields } from "./stack-tasks.js";

// The JSON of /services, /tasks and /nodes captured on the harness cluster (see obs-health.test.ts):
// node-failure: e2e/stacks/swarm-ps as "obsdev", before and after nodes 2 and 3 were stopped;
// modes: a global, a replicated, a replicated-job and a service that cannot be placed.
const read = <T>(folder: string, name: string): T => JSON.parse(readFileSync(join(import.meta.dirname, "testdata", folder, `${name}.json`), "utf8")) as T;

async function viewOf(stack: string, services: ServiceFields[], tasks: TaskFields[], nodes: NodeFields[]): Promise<StackView> {
  const observer = observerOver({ display: "tcp://manager:2375", role: () => Promise.resolve("manager"), stackObjects: () => Promise.resolve({ services, tasks, nodes }) });
  return observer.stackView(stack);
}

const services = read<ServiceFields[]>("node-failure", "services-status");

describe("swarmServiceStatuses", () => {
  it("reports every service running when each desired task runs on a ready node", async () => {
    const view = await viewOf("obsdev", services, read("node-failure", "tasks-before"), read("node-failure", "nodes-before"));
    expect(swarmServiceStatuses(view)).toEqual([
      { service: "cache", image: "redis:7", state: "running", health: "none", exitCode: null, oneShot: false, restarts: 0 },
      { service: "store", image: "redis:7", state: "running", health: "none", exitCode: null, oneShot: false, restarts: 0 },
    ]);
  });

  it("after two nodes stopped: the rescheduled service runs, the pinned one is short, whatever the engine's own count says", async () => {
    const view = await viewOf("obsdev", services, read("node-failure", "tasks-after"), read("node-failure", "nodes-after"));
    // The engine's ServiceStatus said 1/1 for store at that moment (its down node's last report).
    expect(services.map((s) => (s as { ServiceStatus?: { RunningTasks: number } }).ServiceStatus?.RunningTasks)).toContain(1);
    const [cache, store] = swarmServiceStatuses(view);
    expect(cache).toMatchObject({ service: "cache", state: "running" });
    expect(store).toMatchObject({ service: "store", state: "0/1 tasks running", oneShot: false, exitCode: null });
  });

  it("judges a job by its completions, a global service per node, and counts rejected tasks as restarts", async () => {
    const view = await viewOf("modes", read("modes", "services"), read("modes", "tasks"), read("modes", "nodes"));
    const byName = new Map(swarmServiceStatuses(view).map((status) => [status.service, status]));
    expect(byName.get("setup")).toMatchObject({ state: "exited", exitCode: 0, oneShot: true });
    expect(byName.get("agent")).toMatchObject({ state: "running", oneShot: false });
    // web: two replicas no node may take; api: its image is missing on the node (rejected, retried).
    expect(byName.get("web")).toMatchObject({ state: "0/2 tasks running", restarts: 0 });
    const apiRejected = view.tasks.filter((row) => row.service === "api" && row.state === "rejected").length;
    expect(apiRejected).toBeGreaterThan(0);
    expect(byName.get("api")).toMatchObject({ state: "0/1 tasks running", image: "example/api:does-not-exist", restarts: apiRejected });
  });

  it("names an empty stack's services as none", async () => {
    expect(swarmServiceStatuses(await viewOf("nothing", services, [], read("node-failure", "nodes-before")))).toEqual([]);
  });
});
