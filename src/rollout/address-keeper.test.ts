import { describe, expect, it } from "vitest";
import type { Service } from "../compose/model/project.js";
import type { Engine } from "../deploy/engine-port.js";
import { FakeEngine } from "../engine/fake-engine.js";
import { observerLabel } from "../verify/observe-in-network.js";
import { serviceConfigHash } from "../plan/config-hash.js";
import { addressesOn, keeperScript, keptAddresses, startAddressKeeper } from "./address-keeper.js";
import { removeLeftoverObservers } from "./standing-observer.js";
import { executeRollout } from "./execute-rollout.js";
import { planServiceRollout } from "./rollout-plan.js";
import { deployedStack } from "./test-stack.js";

const old = new Map([["shop_default", "172.18.0.2"]]);

async function engineWithNetwork(): Promise<FakeEngine> {
  const engine = new FakeEngine({ images: ["node:20-bookworm-slim"] });
  await engine.createNetwork({ name: "shop_default" });
  return engine;
}

/** The engine, with the keeper's address on every network answered as `address`. */
function keeperAddressed(engine: FakeEngine, address: string): Engine {
  return new Proxy(engine, {
    get: (target, key) => {
      if (key !== "inspectContainer") return (Reflect.get(target, key) as (...a: unknown[]) => unknown).bind(target);
      return async (id: string) => {
        const details = await target.inspectContainer(id);
        if (!details?.Name.includes("-berth-gate-keep-")) return details;
        const networks = Object.fromEntries(Object.entries(details.NetworkSettings.Networks).map(([name, e]) => [name, { ...e, IPAddress: address }]));
        return { ...details, NetworkSettings: { ...details.NetworkSettings, Networks: networks } };
      };
    },
  }) as Engine;
}

describe("keeperScript", () => {
  it("idles, and on SIGTERM lingers the given time (in seconds, to the millisecond) before it exits", () => {
    expect(keeperScript(2250, 600)).toBe("trap 'sleep 2.250; exit 0' TERM; sleep 600 & wait");
    expect(keeperScript(500.4)).toContain("sleep 0.501;");
  });
});

describe("keptAddresses", () => {
  it("keeps a network where the keeper got the old address and misses one where it got another", () => {
    const before = new Map([["front", "10.0.0.5"], ["back", "10.0.1.7"], ["edge", "10.0.2.9"]]);
    const keeper = new Map([["front", "10.0.0.5"], ["back", "10.0.1.3"]]);
    expect(keptAddresses(before, keeper)).toEqual({
      kept: ["front"],
      missed: [{ network: "back", wanted: "10.0.1.7", got: "10.0.1.3" }, { network: "edge", wanted: "10.0.2.9", got: "" }],
    });
  });
});

describe("startAddressKeeper", () => {
  it("starts an idle labelled container on the default bridge, takes the freed address without aliases, then lingers", async () => {
    const engine = await engineWithNetwork();
    const keeper = startAddressKeeper(engine, "shop", Promise.resolve(2250));
    expect(await keeper.take(old)).toBe("kept the old address on shop_default");
    const [created] = await engine.listContainers({ labels: { [observerLabel]: "shop" } });
    expect(created?.name).toMatch(/^shop-berth-gate-keep-[0-9a-f]{8}$/);
    const details = await engine.inspectContainer(created!.id);
    expect(details?.Config.Cmd).toEqual(["sh", "-c", keeperScript(2250)]);
    expect(details?.NetworkSettings.Networks["shop_default"]?.Aliases).toEqual([]);
    // SIGTERM starts its linger (the fake stops it at once; the real one sleeps first).
    expect(engine.calls.filter((c) => /^(connect|stop|kill|destroy) /.test(c))).toEqual([`connect ${created!.name} shop_default`, `kill ${created!.name}`]);
    expect(details?.State.Running).toBe(false);
    await keeper.close();
    expect(await engine.inspectContainer(created!.id)).toBeDefined();
  });

  it("leaves a network at once and removes itself when the engine gave it another address", async () => {
    const engine = await engineWithNetwork();
    const keeper = startAddressKeeper(keeperAddressed(engine, "172.18.0.9"), "shop", Promise.resolve(2250));
    expect(await keeper.take(old)).toBe("kept no address; shop_default: got 172.18.0.9, not 172.18.0.2");
    expect(engine.calls.filter((c) => /^(connect|disconnect|destroy) /.test(c)).map((c) => c.split(" ")[0])).toEqual(["connect", "disconnect", "destroy"]);
    expect(await engine.listContainers({ labels: { [observerLabel]: "shop" } })).toEqual([]);
  });

  it("starts nothing when nothing caches answers (no linger)", async () => {
    const engine = await engineWithNetwork();
    const keeper = startAddressKeeper(engine, "shop", Promise.resolve(0));
    expect(await keeper.take(old)).toBe("no keeper (nothing caches answers)");
    expect(engine.calls.some((c) => c.startsWith("create shop-berth-gate-keep-"))).toBe(false);
  });

  it("says why there is no keeper when it cannot start, and never throws", async () => {
    const engine = new FakeEngine({ images: [] });
    const keeper = startAddressKeeper(engine, "shop", Promise.resolve(2250));
    expect(await keeper.take(old)).toMatch(/^no keeper: .*node:20-bookworm-slim/);
    await expect(keeper.close()).resolves.toBeUndefined();
  });

  it("has nothing to take from a replica without addresses, and is removed by close", async () => {
    const engine = await engineWithNetwork();
    const keeper = startAddressKeeper(engine, "shop", Promise.resolve(2250));
    expect(await keeper.take(new Map())).toBe("no address to keep");
    const unused = startAddressKeeper(engine, "shop", Promise.resolve(2250));
    await unused.close();
    const left = await engine.listContainers({ labels: { [observerLabel]: "shop" } });
    expect(left.map((c) => c.state)).toEqual(["running"]);
    // The first one, never connected, is what up's recovery removes if berth dies.
    expect(await removeLeftoverObservers(engine, "shop")).toEqual([left[0]!.name]);
  });
});

describe("addressesOn", () => {
  it("reads the container's addresses on the given networks only", async () => {
    const engine = await engineWithNetwork();
    await engine.createNetwork({ name: "shop_data" });
    const id = await engine.createContainer({ name: "c", Image: "node:20-bookworm-slim", NetworkingConfig: { EndpointsConfig: { shop_default: {}, shop_data: {} } } });
    expect(await addressesOn(engine, id, new Set(["shop_default"]))).toEqual(new Map([["shop_default", "172.18.0.2"]]));
    expect(await addressesOn(engine, "gone", new Set(["shop_default"]))).toEqual(new Map());
  });
});

describe("executeRollout with an address keeper", () => {
  async function rollWithSettle(stack: Awaited<ReturnType<typeof deployedStack>>, image: string, traced = true) {
    const project = stack.project(image);
    const rollout = planServiceRollout(project.services["api"] as Service, stack.observed.containers, `image ${image}`);
    const trace: string[] = [];
    const options = { engine: stack.engine, project, events: stack.events, signal: stack.signal, waitTimeoutMs: 2000, settleMs: 50, configHash: serviceConfigHash, image };
    // Without tracing the keeper works the same (it once ran only inside the trace call).
    const outcome = await executeRollout(rollout, traced ? { ...options, trace: (step) => trace.push(step) } : options);
    return { ...outcome, trace };
  }

  it("takes the old replica's address right after it stopped, once the successor was proven", async () => {
    const stack = await deployedStack();
    stack.engine.resources.addImage(["node:20-bookworm-slim"]);
    const before = stack.engine.calls.length;
    const outcome = await rollWithSettle(stack, "app:2");
    expect(outcome.status).toBe("replaced");
    expect(outcome.trace.filter((t) => /^api: shop-api-1[ :]/.test(t))).toEqual(["api: shop-api-1 stopped", "api: shop-api-1: address keeper: kept the old address on shop_default"]);
    const steps = stack.engine.calls.slice(before).filter((c) => /^(create|start|stop|connect) /.test(c));
    const keeper = steps.find((c) => c.startsWith("create shop-berth-gate-keep-"))?.split(" ")[1];
    expect(steps.filter((c) => !c.startsWith("start ") && !c.startsWith("create shop-berth-gate-g"))).toEqual([
      "create shop-api-1_next",
      "connect shop-api-1_next shop_default",
      `create ${keeper}`,
      "stop shop-api-1",
      `connect ${keeper} shop_default`,
    ]);
  });

  it("takes the address without tracing too", async () => {
    const stack = await deployedStack();
    stack.engine.resources.addImage(["node:20-bookworm-slim"]);
    expect((await rollWithSettle(stack, "app:2", false)).status).toBe("replaced");
    expect(stack.engine.calls.filter((c) => /^connect shop-berth-gate-keep-\w+ shop_default$/.test(c))).toHaveLength(1);
  });

  it("removes the keeper when the successor fails: the old replica keeps its address and serves", async () => {
    const stack = await deployedStack();
    stack.engine.resources.addImage(["node:20-bookworm-slim"]);
    expect((await rollWithSettle(stack, "app:bad")).status).toBe("rolled-back");
    expect(stack.engine.calls.some((c) => c.startsWith("create shop-berth-gate-keep-"))).toBe(false);
    expect(await stack.engine.listContainers({ labels: { [observerLabel]: "shop" } })).toEqual([]);
  });
});
