import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { connectDockerEngine } from "./connect-docker-engine.js";
import { closeFakeEngineApis, empty, fakeEngineApi as fakeEngine, filtersOf, json } from "./testing/fake-engine-api.js";

afterEach(closeFakeEngineApis);

describe("DockerEngine containers: renaming, networks, stats", () => {
  it("renames a container, naming both names when the engine refuses", async () => {
    const { engine, seen } = await fakeEngine({
      "POST /containers/old/rename": empty(204),
      "POST /containers/web/rename": json(409, { message: 'Conflict. The container name "/shop-web-1" is already in use' }),
    });
    await engine.renameContainer("old", "shop-web-1");
    expect(seen.at(-1)?.query.get("name")).toBe("shop-web-1");
    await expect(engine.renameContainer("web", "shop-web-1")).rejects.toMatchObject({ code: "engine.conflict", message: 'renaming container web to shop-web-1: Conflict. The container name "/shop-web-1" is already in use (HTTP 409)' });
  });

  it("connects a container to a network with its aliases, and disconnects it, forced when asked", async () => {
    const { engine, seen } = await fakeEngine({ "POST /networks/shop_back/connect": empty(200), "POST /networks/shop_back/disconnect": empty(200) });
    await engine.connectNetwork("shop_back", "c1", ["db", "postgres"]);
    expect(JSON.parse(seen.at(-1)?.body ?? "{}")).toEqual({ Container: "c1", EndpointConfig: { Aliases: ["db", "postgres"] } });
    await engine.connectNetwork("shop_back", "c2");
    expect(JSON.parse(seen.at(-1)?.body ?? "{}")).toEqual({ Container: "c2", EndpointConfig: { Aliases: [] } });
    await engine.disconnectNetwork("shop_back", "c1");
    expect(JSON.parse(seen.at(-1)?.body ?? "{}")).toEqual({ Container: "c1", Force: false });
    await engine.disconnectNetwork("shop_back", "c1", true);
    expect(JSON.parse(seen.at(-1)?.body ?? "{}")).toEqual({ Container: "c1", Force: true });
  });

  it("says which network a connect failed on, with the engine's words", async () => {
    const { engine } = await fakeEngine({ "POST /networks/gone/connect": json(404, { message: "network gone not found" }) });
    await expect(engine.connectNetwork("gone", "c1")).rejects.toMatchObject({ code: "engine.not-found", message: "connecting c1 to network gone: network gone not found (HTTP 404)" });
  });

  it("reads one stats sample (not a stream) and computes CPU and memory from it", async () => {
    const sample = {
      read: "2024-01-01T00:00:01Z",
      preread: "2024-01-01T00:00:00Z",
      cpu_stats: { cpu_usage: { total_usage: 2_000_000_000 }, system_cpu_usage: 20_000_000_000, online_cpus: 2 },
      precpu_stats: { cpu_usage: { total_usage: 1_000_000_000 }, system_cpu_usage: 10_000_000_000, online_cpus: 2 },
      memory_stats: { usage: 300, limit: 1000, stats: { inactive_file: 100 } },
      pids_stats: { current: 7 },
    };
    const { engine, seen } = await fakeEngine({ "GET /containers/web/stats": json(200, sample) });
    const stats = await engine.stats("web");
    expect(seen.at(-1)?.query.get("stream")).toBe("false");
    expect(stats).toMatchObject({ cpuPercent: 20, memoryBytes: 200, memoryLimitBytes: 1000, pids: 7 });
  });
});

describe("DockerEngine images, networks and volumes: listing and removal", () => {
  it("removes images, networks and volumes, passing force when asked", async () => {
    const { engine, seen } = await fakeEngine({
      "DELETE /images/shop-api:old": json(200, [{ Untagged: "shop-api:old" }]),
      "DELETE /networks/shop_default": empty(204),
      "DELETE /volumes/shop_data": empty(204),
    });
    await engine.removeImage("shop-api:old");
    expect(seen.at(-1)?.query.get("force")).toBe("false");
    await engine.removeImage("shop-api:old", true);
    expect(seen.at(-1)?.query.get("force")).toBe("true");
    await engine.removeNetwork("shop_default");
    expect(seen.at(-1)?.method).toBe("DELETE");
    await engine.removeVolume("shop_data");
    expect([seen.at(-1)?.path, seen.at(-1)?.query.get("force")]).toEqual(["/volumes/shop_data", null]);
    // dockerode's own volume.remove never sent this query (its path has no `?`).
    await engine.removeVolume("shop_data", true);
    expect(seen.at(-1)?.query.get("force")).toBe("true");
  });

  it("reports a volume in use as a conflict naming it", async () => {
    const { engine } = await fakeEngine({ "DELETE /volumes/shop_data": json(409, { message: "remove shop_data: volume is in use - [c1]" }) });
    await expect(engine.removeVolume("shop_data")).rejects.toMatchObject({ code: "engine.conflict", message: "removing volume shop_data: remove shop_data: volume is in use - [c1] (HTTP 409)" });
  });

  it("lists networks and volumes by label, using the name as a volume's id", async () => {
    const { engine, seen } = await fakeEngine({
      "GET /networks": json(200, [{ Name: "shop_default", Id: "n1", Labels: { "com.docker.compose.network": "default" } }, { Name: "bridge", Id: "n0", Labels: null }]),
      "GET /volumes": json(200, { Volumes: [{ Name: "shop_data", Labels: { "com.docker.compose.volume": "data" } }], Warnings: null }),
    });
    expect(await engine.listNetworks({ "com.docker.compose.project": "shop" })).toEqual([
      { name: "shop_default", id: "n1", labels: { "com.docker.compose.network": "default" } },
      { name: "bridge", id: "n0", labels: {} },
    ]);
    expect(filtersOf(seen.at(-1))).toEqual({ label: ["com.docker.compose.project=shop"] });
    expect(await engine.listVolumes({ "io.berth.managed": true })).toEqual([{ name: "shop_data", id: "shop_data", labels: { "com.docker.compose.volume": "data" } }]);
    expect(filtersOf(seen.at(-1))).toEqual({ label: ["io.berth.managed"] });
    await engine.listNetworks();
    expect(filtersOf(seen.at(-1))).toEqual({});
  });

  it("inspects a volume, and a missing one as undefined; another failure is an error", async () => {
    const { engine } = await fakeEngine({
      "GET /volumes/shop_data": json(200, { Name: "shop_data", Driver: "local", Mountpoint: "/var/lib/docker/volumes/shop_data/_data", Labels: null }),
      "GET /volumes/gone": json(404, { message: "get gone: no such volume" }),
      "GET /volumes/broken": json(500, { message: "plugin not found" }),
    });
    expect(await engine.inspectVolume("shop_data")).toMatchObject({ Name: "shop_data", Driver: "local" });
    expect(await engine.inspectVolume("gone")).toBeUndefined();
    await expect(engine.inspectVolume("broken")).rejects.toMatchObject({ code: "engine.failed", message: "inspecting volume broken: plugin not found (HTTP 500)" });
  });

  it("fails a creation the engine refuses, naming what was created", async () => {
    const { engine } = await fakeEngine({
      "POST /networks/create": json(400, { message: 'invalid network name "bad name"' }),
      "POST /volumes/create": json(500, { message: "error while mounting volume" }),
    });
    await expect(engine.createNetwork({ name: "bad name" })).rejects.toMatchObject({ code: "engine.bad-request", message: 'creating network bad name: invalid network name "bad name" (HTTP 400)' });
    await expect(engine.createVolume({ name: "shop_nfs", driver: "local", driverOptions: { type: "nfs" } })).rejects.toMatchObject({ code: "engine.failed", message: "creating volume shop_nfs: error while mounting volume (HTTP 500)" });
  });
});

describe("DockerEngine when the engine goes away", () => {
  it("says the engine cannot be reached, not that the call failed, when the socket disappears after connecting", async () => {
    const { engine } = await fakeEngine({});
    await closeFakeEngineApis();
    await expect(engine.listContainers()).rejects.toMatchObject({ code: "engine.unreachable", message: expect.stringMatching(/^cannot reach the Docker engine at unix:\/\/.*docker\.sock \(E[A-Z]+\)$/) });
    await expect(engine.ping()).rejects.toMatchObject({ code: "engine.unreachable", hint: expect.stringContaining("DOCKER_HOST") as unknown });
  });

  it("names a DOCKER_HOST that is not a socket at all", async () => {
    const folder = mkdtempSync(join(tmpdir(), "berth-not-a-socket-"));
    await expect(connectDockerEngine({ env: { DOCKER_HOST: `unix://${folder}` } })).rejects.toMatchObject({ code: "engine.unreachable", message: expect.stringContaining(folder) as unknown });
  });
});
