import { describe, expect, it } from "vitest";
import { ConfigError } from "../common/errors.js";
import { loadInline } from "../compose/testing/inline-project.js";
import { deployStack, planStack, specHashLabel } from "./deploy-stack.js";
import { FakeSwarmPort, type TaskScript } from "./fake-swarm-port.js";
import type { GateTiming } from "./service-gate.js";

// The deploy's order, gates and bookkeeping against an in-memory manager (fake-swarm-port.ts);
// the same paths run against a real three-node cluster in e2e/swarm.e2e.ts.
const stackYaml = `services:
  edge:
    image: nginx:1.22
    depends_on: [app]
    configs: [site]
    healthcheck: { test: [CMD, "true"] }
  app:
    image: app:1
    depends_on: [store]
    secrets: [pw]
    healthcheck: { test: [CMD, "true"] }
    deploy: { replicas: 2 }
  store:
    image: redis:7
    healthcheck: { test: [CMD, "true"] }
  migrate:
    image: app:1
    depends_on: [store]
    deploy: { mode: replicated-job }
configs:
  site: { file: ./site.conf }
secrets:
  pw: { file: ./pw.txt }
`;

function project(yaml = stackYaml) {
  return loadInline(yaml, { projectName: "shop", extraFiles: { "site.conf": "listen 80;", "pw.txt": "s3cret" } });
}

/** A clock that advances only when the gate sleeps: no test depends on wall-clock speed. */
function timing(overrides: Partial<GateTiming> = {}): GateTiming {
  let now = 0;
  return { timeoutMs: 60_000, pollMs: 1000, pendingGraceMs: 5000, stableMs: 3000, now: () => now, sleep: async (ms) => void (now += ms), signal: new AbortController().signal, ...overrides };
}

// Each load writes the project to a new folder: the content must not depend on the path.
const read = (path: string) => Buffer.from(`content of ${path.split("/").at(-1) ?? ""}`);

describe("deployStack", () => {
  it("creates networks, secrets and configs first, then each service only after what it depends on is ready", async () => {
    const port = new FakeSwarmPort();
    const result = await deployStack({ port, project: project(), read, timing: timing() });
    expect(result.ok).toBe(true);
    const services = port.calls.filter((call) => call.startsWith("create service"));
    expect(services.indexOf("create service shop_store")).toBe(0);
    expect(services.indexOf("create service shop_app")).toBeGreaterThan(0);
    expect(services.indexOf("create service shop_edge")).toBeGreaterThan(services.indexOf("create service shop_app"));
    expect(port.calls.findIndex((call) => call.startsWith("create service"))).toBeGreaterThan(port.calls.findIndex((call) => call.startsWith("create secret shop_pw-")));
    expect(port.calls).toContain("create network shop_default");
    expect(result.services.map((outcome) => [outcome.service, outcome.action, outcome.ready])).toEqual([
      ["store", "created", true],
      ["app", "created", true],
      ["edge", "created", true],
      ["migrate", "created", true],
    ]);
    expect(result.services.find((outcome) => outcome.service === "app")?.tasks).toEqual([{ node: "node-1", state: "running" }, { node: "node-1", state: "running" }]);
  });

  it("fills in the ids of the secrets and configs it created", async () => {
    const port = new FakeSwarmPort();
    await deployStack({ port, project: project(), read, timing: timing() });
    const app = port.serviceList.find((service) => service.Spec.Name === "shop_app");
    const secret = port.objectList.find((entry) => entry.kind === "secret");
    expect(app?.spec.TaskTemplate.ContainerSpec.Secrets?.[0]).toMatchObject({ SecretID: secret?.object.ID, SecretName: secret?.object.Name });
  });

  it("changes nothing the second time, and updates only the service whose spec changed", async () => {
    const port = new FakeSwarmPort();
    await deployStack({ port, project: project(), read, timing: timing() });
    port.calls.length = 0;
    const again = await deployStack({ port, project: project(), read, timing: timing() });
    expect(again.services.every((outcome) => outcome.action === "unchanged")).toBe(true);
    expect(port.calls).toEqual([]);
    const changed = await deployStack({ port, project: project(stackYaml.replace("image: app:1\n    depends_on: [store]\n    secrets", "image: app:2\n    depends_on: [store]\n    secrets")), read, timing: timing() });
    expect(changed.services.find((outcome) => outcome.service === "app")?.action).toBe("updated");
    expect(port.calls).toEqual(["update service shop_app at version 1"]);
    expect(port.serviceList.find((service) => service.Spec.Name === "shop_app")?.Spec.Labels?.[specHashLabel]).toMatch(/^[0-9a-f]{16}$/);
  });

  it("stops at a crash-looping service: its dependents are not applied, the others go ahead, and it says where", async () => {
    const crash: TaskScript = (poll) => Array.from({ length: Math.min(poll + 1, 3) }, (_, index) => ({ ID: `t${index}`, NodeID: "n2", DesiredState: "shutdown", Status: { State: "failed", Err: "task: non-zero exit (3)", ContainerStatus: { ExitCode: 3 } } }));
    const port = new FakeSwarmPort({ shop_app: crash });
    const result = await deployStack({ port, project: project(), read, timing: timing() });
    expect(result.ok).toBe(false);
    const app = result.services.find((outcome) => outcome.service === "app");
    expect(app?.diagnosis).toMatchObject({ code: "crash-loop", evidence: { node: "node-2", error: "task: non-zero exit (3)", failedTasks: 3, logTail: "shop_app: last words\n" } });
    expect(app?.diagnosis?.message).toContain("node-2");
    expect(result.services.find((outcome) => outcome.service === "edge")).toMatchObject({ action: "not-applied", blockedBy: ["app"] });
    expect(result.services.find((outcome) => outcome.service === "migrate")).toMatchObject({ action: "created", ready: true });
    expect(port.calls).not.toContain("create service shop_edge");
  });

  it("removes the secrets of an earlier deploy once a changed one replaced them, only after success", async () => {
    const port = new FakeSwarmPort();
    await deployStack({ port, project: project(), read, timing: timing() });
    const before = port.objectList.find((entry) => entry.kind === "secret")?.object.Name;
    const result = await deployStack({ port, project: project(), read: (path) => Buffer.from(`changed ${path.split("/").at(-1) ?? ""}`), timing: timing() });
    expect(result.services.filter((outcome) => !outcome.ready)).toEqual([]);
    expect(result.removed).toContain(before);
    expect(port.objectList.filter((entry) => entry.kind === "secret")).toHaveLength(1);
    expect(port.objectList.find((entry) => entry.kind === "secret")?.object.Name).not.toBe(before);
  });

  it("refuses a file it cannot deploy as written before changing anything, naming file:line", async () => {
    const port = new FakeSwarmPort();
    const failure = await deployStack({ port, project: project("services:\n  app:\n    image: a\n    mem_limit: 256m\n    ports: [\"127.0.0.1:8080:80\"]\n"), read, timing: timing() }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConfigError);
    expect((failure as Error).message).toMatch(/compose\.yaml:4:\d+: service "app": mem_limit/);
    expect((failure as Error).message).toMatch(/compose\.yaml:5:\d+: .*127\.0\.0\.1/);
    expect(port.calls).toEqual([]);
  });

  it("plans a dry run: each service in gate order with what up would do, changing nothing", async () => {
    const port = new FakeSwarmPort();
    await deployStack({ port, project: project(), read, timing: timing() });
    port.calls.length = 0;
    const plan = await planStack(port, project(stackYaml.replace("image: redis:7", "image: redis:7.2")), read);
    expect(plan).toEqual([
      { service: "store", action: "update", after: [] },
      { service: "app", action: "unchanged", after: ["store"] },
      { service: "edge", action: "unchanged", after: ["app"] },
      { service: "migrate", action: "unchanged", after: ["store"] },
    ]);
    expect(port.calls).toEqual([]);
  });

  it("names in the plan an update that cannot keep a service serving, with the reason", async () => {
    const port = new FakeSwarmPort();
    const withVolume = stackYaml.replace("  store:\n    image: redis:7\n", "  store:\n    image: redis:7\n    volumes: [data:/data]\n") + "volumes:\n  data: {}\n";
    await deployStack({ port, project: project(withVolume), read, timing: timing() });
    const plan = await planStack(port, project(withVolume.replace("image: redis:7", "image: redis:7.2").replace("image: app:1\n    depends_on: [store]\n    secrets", "image: app:2\n    depends_on: [store]\n    secrets")), read);
    expect(plan.find((step) => step.service === "store")).toEqual({ service: "store", action: "update", after: [], downtime: "stop-first: it mounts volume shop_data: two tasks must not write one data folder" });
    expect(plan.find((step) => step.service === "app")).toEqual({ service: "app", action: "update", after: ["store"] });
  });

  it("deploys berth's update policy where the file has none, and says how each update rolls, task by task with the node", async () => {
    const rolling: TaskScript = (poll, spec) => {
      if (spec.TaskTemplate.ContainerSpec.Image !== "app:2") return [{ ID: "a1", Slot: 1, NodeID: "n1", DesiredState: "running", Status: { State: "running" } }, { ID: "a2", Slot: 2, NodeID: "n2", DesiredState: "running", Status: { State: "running" } }];
      if (poll === 0) return [{ ID: "b1", Slot: 1, NodeID: "n1", DesiredState: "running", Status: { State: "starting" } }];
      return [{ ID: "b1", Slot: 1, NodeID: "n1", DesiredState: "running", Status: { State: "running" } }, { ID: "b2", Slot: 2, NodeID: "n2", DesiredState: "running", Status: { State: "running" } }];
    };
    const port = new FakeSwarmPort({ shop_app: rolling });
    await deployStack({ port, project: project(), read, timing: timing() });
    expect(port.serviceList.find((service) => service.Spec.Name === "shop_app")?.spec.UpdateConfig).toEqual({ Parallelism: 1, Order: "start-first", FailureAction: "rollback", Monitor: 30e9 });
    const lines: string[] = [];
    const result = await deployStack({ port, project: project(stackYaml.replace("image: app:1\n    depends_on: [store]\n    secrets", "image: app:2\n    depends_on: [store]\n    secrets")), read, timing: timing(), onProgress: (service, line) => lines.push(`${service}: ${line}`) });
    expect(result.ok).toBe(true);
    expect(lines).toContain("app: updated, rolling start-first, 1 at a time, monitor 30s, on failure rollback; watching each new task");
    expect(lines).toContain("app: task shop_app.1 on node-1: starting (waiting for its healthcheck)");
    expect(lines).toContain("app: task shop_app.1 on node-1: running, healthy");
    expect(lines).toContain("app: task shop_app.2 on node-2: running, healthy");
    expect(lines.filter((line) => line.includes("task shop_app.1 on node-1: running, healthy"))).toHaveLength(1);
  });

  it("rolls a failed update back to the previous spec and says so; a failed creation has nothing to roll back to", async () => {
    const crashOnTwo: TaskScript = (poll, spec) =>
      spec.TaskTemplate.ContainerSpec.Image === "app:2"
        ? Array.from({ length: Math.min(poll + 1, 3) }, (_, index) => ({ ID: `t${index}`, Slot: 1, NodeID: "n2", DesiredState: "shutdown", Status: { State: "failed", Err: "task: non-zero exit (3)", ContainerStatus: { ExitCode: 3 } } }))
        : [{ ID: "a1", Slot: 1, NodeID: "n1", DesiredState: "running", Status: { State: "running" } }, { ID: "a2", Slot: 2, NodeID: "n2", DesiredState: "running", Status: { State: "running" } }];
    const port = new FakeSwarmPort({ shop_app: crashOnTwo });
    await deployStack({ port, project: project(), read, timing: timing() });
    const lines: string[] = [];
    const result = await deployStack({ port, project: project(stackYaml.replace("image: app:1\n    depends_on: [store]\n    secrets", "image: app:2\n    depends_on: [store]\n    secrets")), read, timing: timing(), onProgress: (service, line) => lines.push(`${service}: ${line}`) });
    expect(result.ok).toBe(false);
    const app = result.services.find((outcome) => outcome.service === "app");
    expect(app).toMatchObject({ action: "updated", ready: false, diagnosis: { code: "crash-loop" }, rolledBack: { by: "berth", completed: true, image: "app:1" } });
    expect(app?.tasks).toEqual([{ node: "node-1", state: "running" }, { node: "node-2", state: "running" }]);
    expect(port.calls).toContain("rollback service shop_app at version 2");
    expect(port.serviceList.find((service) => service.Spec.Name === "shop_app")?.Spec.TaskTemplate?.ContainerSpec?.Image).toBe("app:1");
    expect(lines).toContain("app: berth rolled it back (docker service rollback) to its previous spec (image app:1); the previous version serves");
    expect(result.services.find((outcome) => outcome.service === "edge")).toMatchObject({ action: "not-applied", blockedBy: ["app"] });

    const fresh = new FakeSwarmPort({ shop_app: () => [{ ID: "x", Slot: 1, NodeID: "n2", DesiredState: "shutdown", Status: { State: "rejected", Err: "No such image: app:1" } }] });
    const created = await deployStack({ port: fresh, project: project(), read, timing: timing() });
    expect(created.services.find((outcome) => outcome.service === "app")?.rolledBack).toBeUndefined();
    expect(fresh.calls.some((call) => call.startsWith("rollback"))).toBe(false);
  });
});
