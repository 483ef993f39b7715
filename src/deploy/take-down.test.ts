import { describe, expect, it } from "vitest";
import { FakeEngine, SPEAKS_AT_START } from "../engine/fake-engine.js";
import { berthLabel } from "../engine/labels.js";
import type { Engine } from "./engine-port.js";
import { testProject } from "../plan/test-project.js";
import { deployProject } from "../runs/deploy-project.js";
import { observeProject } from "./observe.js";
import { orderFromLabels, takeDown } from "./take-down.js";

const project = testProject(
  "shop",
  {
    db: { image: "postgres:15", volumes: [{ type: "volume", source: "data", target: "/data" }] },
    api: { image: "node:20", depends_on: { db: { condition: "service_started", required: true } } },
  },
  { volumes: { data: { name: "shop_data" } } },
);

async function deployed(): Promise<FakeEngine> {
  const engine = new FakeEngine({ images: ["postgres:15", "node:20"], behave: () => SPEAKS_AT_START });
  const signal = new AbortController().signal;
  await deployProject({ engine, project, signal, waitTimeoutMs: 5_000, stableMs: 0, build: "missing", removeOrphans: false, forceRecreate: false, pull: "never" });
  return engine;
}

describe("takeDown", () => {
  it("stops dependants first, removes containers and networks, keeps volumes", async () => {
    const engine = await deployed();
    const result = await takeDown({ engine, project, volumes: false });
    const stops = engine.calls.filter((call) => call.startsWith("stop "));
    expect(stops).toEqual(["stop shop-api-1", "stop shop-db-1"]);
    expect(result).toMatchObject({ containers: expect.arrayContaining(["shop-api-1", "shop-db-1"]), networks: ["shop_default"], volumes: [] });
    const left = await observeProject(engine, project);
    expect([left.containers.length, left.networks.length, left.volumes.map((v) => v.name)]).toEqual([0, 0, ["shop_data"]]);
  });

  it("removes berth's own helper containers on the project's networks first (the address keeper outlives up by ~2 s)", async () => {
    const engine = await deployed();
    const keeper = await engine.createContainer({ name: "shop-berth-gate-keep-1a2b", Image: "node:20", Labels: { [berthLabel.managed]: "true", [berthLabel.helperOf]: "shop" } });
    await engine.connectNetwork("shop_default", keeper);
    const other = await engine.createContainer({ name: "other-berth-gate-keep-9f9f", Image: "node:20", Labels: { [berthLabel.managed]: "true", [berthLabel.helperOf]: "other" } });
    const result = await takeDown({ engine, project, volumes: false });
    expect(result.networks).toEqual(["shop_default"]);
    const left = (await engine.listContainers({ includeStopped: true })).map((container) => container.id);
    expect(left).toEqual([other]);
  });

  it("removes volumes with -v", async () => {
    const engine = await deployed();
    expect((await takeDown({ engine, project, volumes: true })).volumes).toEqual(["shop_data"]);
    expect((await observeProject(engine, project)).volumes).toEqual([]);
  });

  it("counts the anonymous volumes -v removed with their containers, and only those gone", async () => {
    // The in-memory engine keeps no mounts: this one answers what takeDown asks, from a table.
    const volumes = new Set(["shop_data", "3f2a9c0d1e4b5a6f", "kept-by-another-container"]);
    const labels = { "com.docker.compose.project": "shop", "com.docker.compose.service": "cache" };
    const mounts = [{ Type: "volume", Name: "shop_data" }, { Type: "volume", Name: "3f2a9c0d1e4b5a6f" }, { Type: "volume", Name: "kept-by-another-container" }, { Type: "bind", Source: "/srv" }];
    const engine = {
      listContainers: async () => [{ id: "c1", name: "shop-cache-1", labels }],
      inspectContainer: async () => ({ Mounts: mounts }),
      stopContainer: async () => undefined,
      removeContainer: async () => void volumes.delete("3f2a9c0d1e4b5a6f"),
      listNetworks: async () => [],
      listVolumes: async () => [{ name: "shop_data" }],
      removeVolume: async (name: string) => void volumes.delete(name),
      inspectVolume: async (name: string) => (volumes.has(name) ? { Name: name } : undefined),
    } as unknown as Engine;
    expect((await takeDown({ engine, project, volumes: true })).volumes).toEqual(["shop_data", "3f2a9c0d1e4b5a6f"]);
  });

  it("orders by the depends_on labels when only the project name is known", async () => {
    const engine = await deployed();
    expect(orderFromLabels(await engine.listContainers())).toEqual(["db", "api"]);
    const nameOnly = { ...project, services: {} };
    await takeDown({ engine, project: nameOnly, volumes: false });
    expect(engine.calls.filter((call) => call.startsWith("stop "))).toEqual(["stop shop-api-1", "stop shop-db-1"]);
  });
});
