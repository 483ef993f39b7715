import { describe, expect, it } from "vitest";
import { FakeEngine } from "../../engine/fake-engine.js";
import type { NetworkCreateRequest, VolumeCreateRequest } from "../../engine/types/resource.js";
import { testProject } from "../../plan/test-project.js";
import { createNetwork, createVolume } from "./resources.js";
import type { RunContext } from "./run-context.js";

function recording(extra: Parameters<typeof testProject>[2]) {
  const engine = new FakeEngine();
  const requests: (NetworkCreateRequest | VolumeCreateRequest)[] = [];
  const [network, volume] = [engine.createNetwork.bind(engine), engine.createVolume.bind(engine)];
  engine.createNetwork = async (request) => (requests.push(request), network(request));
  engine.createVolume = async (request) => (requests.push(request), volume(request));
  const project = testProject("shop", { api: { image: "api" } }, extra);
  const context: RunContext = {
    engine, project, signal: new AbortController().signal, containers: new Map(), configHash: () => "h", pull: "missing",
  };
  return { engine, context, requests };
}

describe("createVolume", () => {
  it("hands a declared volume's driver_opts to the engine (they were dropped under another key)", async () => {
    const { engine, context, requests } = recording({
      volumes: { cache: { name: "shop_cache", driver_opts: { type: "tmpfs", device: "tmpfs", o: "size=1m" } } },
    });
    await createVolume(context, "cache", "shop_cache");
    expect(requests[0]).toMatchObject({ name: "shop_cache", driverOptions: { type: "tmpfs", device: "tmpfs", o: "size=1m" } });
    expect((await engine.inspectVolume("shop_cache"))?.Options).toEqual({ type: "tmpfs", device: "tmpfs", o: "size=1m" });
  });

  it("sends no options for a volume that declares none", async () => {
    const { context, requests } = recording({ volumes: { data: { name: "shop_data" } } });
    await createVolume(context, "data", "shop_data");
    expect(requests[0]).not.toHaveProperty("driverOptions");
  });
});

describe("createNetwork", () => {
  it("hands driver_opts, enable_ipv6 and ipam (subnet, gateway, ip_range) to the engine", async () => {
    const { context, requests } = recording({
      networks: {
        back: {
          name: "shop_back",
          driver_opts: { "com.docker.network.bridge.name": "br-shop" },
          enable_ipv6: true,
          ipam: { driver: "default", config: [{ subnet: "172.28.0.0/16", gateway: "172.28.0.1", ip_range: "172.28.5.0/24" }] },
        },
      },
    });
    await createNetwork(context, "back", "shop_back");
    expect(requests[0]).toMatchObject({
      name: "shop_back",
      enableIPv6: true,
      driverOptions: { "com.docker.network.bridge.name": "br-shop" },
      ipam: { driver: "default", config: [{ subnet: "172.28.0.0/16", gateway: "172.28.0.1", ipRange: "172.28.5.0/24" }] },
    });
  });

  it("leaves out what a network does not declare", async () => {
    const { context, requests } = recording({ networks: { default: { name: "shop_default" } } });
    await createNetwork(context, "default", "shop_default");
    expect(Object.keys(requests[0] ?? {}).sort()).toEqual(["labels", "name"]);
  });
});
