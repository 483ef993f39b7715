import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Project, Service } from "../../compose/model/project.js";
import { FakeEngine } from "../../engine/fake-engine.js";
import { composeLabel } from "../../engine/labels.js";
import type { Engine } from "../engine-port.js";
import { testProject } from "../../plan/test-project.js";
import { createContainer, recreateContainer, removeContainer, restartContainer, startContainer } from "./containers.js";
import { StepFailure, type RunContext } from "./run-context.js";

function contextFor(project: Project, engine = new FakeEngine({ images: ["app:1", "app:old"] }), extra: Partial<RunContext> = {}): RunContext {
  return { engine, project, signal: new AbortController().signal, containers: new Map(), configHash: (service: Service) => `hash-${service.name}`, pull: "missing", ...extra };
}
/** The stop timeouts the engine is asked for, in call order. */
function recordStops(engine: FakeEngine): (number | undefined)[] {
  const stops: (number | undefined)[] = [];
  const stop = engine.stopContainer.bind(engine);
  const port: Engine = engine;
  port.stopContainer = async (id, options) => (stops.push(options?.timeoutSeconds), stop(id));
  return stops;
}
const target = (service: string, number = 1) => ({ service, number, name: `shop-${service}-${number}` });

describe("createContainer", () => {
  it("labels the replica with its number, config hash and image id, and remembers its id", async () => {
    const context = contextFor(testProject("shop", { api: { image: "app:1" } }));
    await createContainer(context, target("api", 2));
    const id = context.containers.get("api:2") ?? "";
    const labels = (await context.engine.inspectContainer(id))?.Config.Labels ?? {};
    expect([labels[composeLabel.number], labels[composeLabel.configHash], labels[composeLabel.service]]).toEqual(["2", "hash-api", "api"]);
    expect(Object.values(labels)).toContain((await context.engine.inspectImage("app:1"))?.Id);
  });

  it("creates a service a rollback pinned from the pinned image, not from its reference", async () => {
    const engine = new FakeEngine({ images: ["app:1", "app:old"] });
    const pinned = (await engine.inspectImage("app:old"))?.Id ?? "";
    const context = contextFor(testProject("shop", { api: { image: "app:1" } }), engine, { pinned: { api: pinned } });
    await createContainer(context, target("api"));
    expect((await engine.inspectContainer(context.containers.get("api:1") ?? ""))?.Image).toBe(pinned);
  });

  it("joins every network of the service with its aliases, the first at create and the others after", async () => {
    const project = testProject("shop", { api: { image: "app:1", networks: { front: { aliases: ["api.local"] }, back: { aliases: ["db-client"] } } } }, { networks: { front: { name: "shop_front" }, back: { name: "shop_back" } } });
    const engine = new FakeEngine({ images: ["app:1"] });
    for (const name of ["shop_front", "shop_back"]) await engine.createNetwork({ name, labels: {} });
    const context = contextFor(project, engine);
    const connected: string[] = [];
    const connect = engine.connectNetwork.bind(engine);
    engine.connectNetwork = (network, container, aliases) => (connected.push(`${network} ${(aliases ?? []).join(",")}`), connect(network, container, aliases));
    await createContainer(context, target("api"));
    // Networks go in name order (compose's): back at create, front joined after, with the service name as an alias too.
    expect(connected).toEqual(["shop_front api,api.local"]);
    const networks = Object.keys((await engine.inspectContainer(context.containers.get("api:1") ?? ""))?.NetworkSettings.Networks ?? {});
    expect(networks.sort()).toEqual(["shop_back", "shop_front"]);
  });

  it.each([
    ["a missing file (the engine would make a directory in its place)", "/nonexistent/berth/app.conf", true],
    ["a missing directory compose would not create", "/nonexistent/berth/data", false],
  ])("refuses a bind of %s, naming the path, before creating anything", async (_, source, create_host_path) => {
    const service: Partial<Service> = { image: "app:1", volumes: [{ type: "bind", source, target: "/x", bind: { create_host_path } }] };
    const context = contextFor(testProject("shop", { api: service }));
    await expect(createContainer(context, target("api"))).rejects.toEqual(new StepFailure("create", `bind source path does not exist: ${source}`));
    expect((context.engine as FakeEngine).calls).toEqual([]);
  });

  it("lets the engine create a missing bind directory when the bind says create_host_path", async () => {
    const service: Partial<Service> = { image: "app:1", volumes: [{ type: "bind", source: "/nonexistent/berth/data", target: "/data", bind: { create_host_path: true } }] };
    const context = contextFor(testProject("shop", { api: service }));
    await createContainer(context, target("api"));
    expect(context.containers.has("api:1")).toBe(true);
  });

  it("copies a secret given with a mode into the container, and fails with the key and fix when it is not declared", async () => {
    const dir = mkdtempSync(join(tmpdir(), "berth-containers-"));
    writeFileSync(join(dir, "db_password"), "s3cret-value");
    const base = testProject("shop", { api: { image: "app:1", secrets: [{ source: "db_password", mode: "0400" }] } });
    const context = contextFor({ ...base, secrets: { db_password: { name: "shop_db_password", file: join(dir, "db_password") } } });
    await createContainer(context, target("api"));
    const fake = context.engine as FakeEngine;
    expect(fake.calls.filter((call) => call.startsWith("copy"))).toHaveLength(1);
    const undeclared = contextFor(base);
    await expect(createContainer(undeclared, target("api"))).rejects.toMatchObject({ phase: "create", message: expect.stringMatching(/services\.api\.secrets\[0\].*db_password.*\(.+\)$/) });
  });
});

describe("recreateContainer", () => {
  it("keeps the running container when the new one could not get its secrets", async () => {
    const project = testProject("shop", { api: { image: "app:1", secrets: [{ source: "missing" }] } });
    const engine = new FakeEngine({ images: ["app:1"] });
    const old = await engine.createContainer({ name: "shop-api-1", Image: "app:1" });
    await engine.startContainer(old);
    await expect(recreateContainer(contextFor(project, engine), target("api"), old)).rejects.toBeInstanceOf(StepFailure);
    expect((await engine.inspectContainer(old))?.State.Running).toBe(true);
  });

  it("stops the old container with the service's stop grace, removes it, and creates the new one", async () => {
    const project = testProject("shop", { api: { image: "app:1", stop_grace_period: "1m30s" } });
    const engine = new FakeEngine({ images: ["app:1"] });
    const old = await engine.createContainer({ name: "shop-api-1", Image: "app:1" });
    await engine.startContainer(old);
    const stops = recordStops(engine);
    const context = contextFor(project, engine);
    await recreateContainer(context, target("api"), old);
    expect(stops).toEqual([90]);
    expect(await engine.inspectContainer(old)).toBeUndefined();
    expect(context.containers.get("api:1")).not.toBe(old);
  });
});

describe("start, restart and remove", () => {
  it("fails to start a replica that was never created, naming it", async () => {
    await expect(startContainer(contextFor(testProject("shop", { api: { image: "app:1" } })), target("api"))).rejects.toEqual(new StepFailure("start", "no container for shop-api-1"));
  });

  it("turns engine errors into failures of the phase the user sees", async () => {
    const context = contextFor(testProject("shop", { api: { image: "app:1" } }));
    await expect(restartContainer(context, "no-such-id")).rejects.toMatchObject({ phase: "start", message: expect.stringContaining("no-such-id") });
    await expect(removeContainer(context, "no-such-id", "api")).rejects.toMatchObject({ phase: "create" });
  });

  it("removes an orphan (no service in the project) with the default 10 s grace", async () => {
    const engine = new FakeEngine({ images: ["app:1"] });
    const orphan = await engine.createContainer({ name: "shop-old-1", Image: "app:1" });
    const stops = recordStops(engine);
    await removeContainer(contextFor(testProject("shop", {}), engine), orphan, "old");
    expect(stops).toEqual([10]);
    expect(await engine.inspectContainer(orphan)).toBeUndefined();
  });
});
