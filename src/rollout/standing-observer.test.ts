import { describe, expect, it } from "vitest";
import { FakeEngine } from "../engine/fake-engine.js";
import type { ObserveRequest } from "../verify/observe.js";
import { observerScript } from "../verify/observer-script.js";
import { removeLeftoverObservers, standingLifetimeMs, standingObserver } from "./standing-observer.js";

const request: ObserveRequest = { id: "p1", kind: "http", url: "http://172.18.0.4:3000/api/selftest", method: "GET", headers: { Host: "backend:3000" }, timeoutMs: 2000 };
const answer = (status: number) => JSON.stringify([{ id: "p1", elapsedMs: 4, status, statusText: "OK", body: '{"status":"ok"}' }]);

describe("standingObserver", () => {
  it("starts one observer container on the network at once and runs every observation as an exec in it", async () => {
    const commands: (readonly string[])[] = [];
    const engine = new FakeEngine({ images: ["node:20-bookworm-slim"], behave: () => ({ exec: (command) => (commands.push(command), { stdout: `${answer(200)}\n` }) }) });
    const requests: Parameters<FakeEngine["createContainer"]>[0][] = [];
    const create = engine.createContainer.bind(engine);
    engine.createContainer = (body) => (requests.push(body), create(body));
    const observer = standingObserver({ engine, project: "shop", network: "shop_default" });
    expect(await observer.observe([request])).toEqual([{ id: "p1", elapsedMs: 4, status: 200, statusText: "OK", body: '{"status":"ok"}' }]);
    expect(await observer.observe([request])).toHaveLength(1);
    const created = await engine.listContainers({ labels: { "io.berth.verify-observer": "shop" }, includeStopped: true });
    expect(created).toHaveLength(1);
    expect((await engine.inspectContainer(created[0]!.id))?.State.Running).toBe(true);
    expect(requests).toEqual([
      expect.objectContaining({
        Image: "node:20-bookworm-slim",
        Cmd: ["node", "-e", `setTimeout(() => {}, ${standingLifetimeMs})`],
        HostConfig: { NetworkMode: "shop_default", AutoRemove: true },
        NetworkingConfig: { EndpointsConfig: { shop_default: {} } },
      }),
    ]);
    expect(requests[0]?.name).toMatch(/^shop-berth-gate-[0-9a-f]{8}$/);
    expect(commands).toEqual([
      ["node", "-e", observerScript, JSON.stringify([request])],
      ["node", "-e", observerScript, JSON.stringify([request])],
    ]);
  });

  it("removes its container on close, and a second close is harmless", async () => {
    const engine = new FakeEngine({ images: ["node:20-bookworm-slim"], behave: () => ({ exec: () => ({ stdout: answer(200) }) }) });
    const observer = standingObserver({ engine, project: "shop", network: "shop_default" });
    await observer.observe([request]);
    await observer.close();
    await observer.close();
    expect(await engine.listContainers({ labels: { "io.berth.verify-observer": "shop" }, includeStopped: true })).toEqual([]);
  });

  it("fails the observation, naming the cause, when the observer image is not on the engine", async () => {
    const engine = new FakeEngine({ images: [] });
    const observer = standingObserver({ engine, project: "shop", network: "shop_default" });
    await expect(observer.observe([request])).rejects.toThrow(/node:20-bookworm-slim/);
    await expect(observer.close()).resolves.toBeUndefined();
  });

  it("fails an observation that printed nothing or timed out, with what the exec said", async () => {
    const silent = new FakeEngine({ images: ["node:20-bookworm-slim"], behave: () => ({ exec: () => ({ exitCode: 1, stderr: "node: bad option" }) }) });
    await expect(standingObserver({ engine: silent, project: "shop", network: "shop_default" }).observe([request])).rejects.toThrow("the observer container printed nothing (exit 1): node: bad option");
    const stuck = new FakeEngine({ images: ["node:20-bookworm-slim"], behave: () => ({ exec: () => ({ exitCode: -1, timedOut: true }) }) });
    await expect(standingObserver({ engine: stuck, project: "shop", network: "shop_default" }).observe([request])).rejects.toThrow("the observer container did not answer within 17000 ms");
  });

  it("asks nothing of the engine for an empty list", async () => {
    const engine = new FakeEngine({ images: ["node:20-bookworm-slim"] });
    const observer = standingObserver({ engine, project: "shop", network: "shop_default" });
    expect(await observer.observe([])).toEqual([]);
    await observer.close();
    expect(await engine.listContainers({ labels: {}, includeStopped: true })).toEqual([]);
  });

  it("removes the standing observers a killed berth left, not a verify observer nor another project's", async () => {
    const engine = new FakeEngine({ images: ["node:20-bookworm-slim"] });
    const observer = (name: string, project: string) => engine.createContainer({ name, Image: "node:20-bookworm-slim", Labels: { "io.berth.verify-observer": project } });
    await observer("shop-berth-gate-0a1b2c3d", "shop");
    await engine.startContainer("shop-berth-gate-0a1b2c3d");
    await observer("shop-berth-gate-99999999", "shop");
    await observer("shop-berth-verify-12345678", "shop");
    await observer("shopfront-berth-gate-0a1b2c3d", "shopfront");
    expect((await removeLeftoverObservers(engine, "shop")).sort()).toEqual(["shop-berth-gate-0a1b2c3d", "shop-berth-gate-99999999"]);
    const left = await engine.listContainers({ labels: {}, includeStopped: true });
    expect(left.map((c) => c.name).sort()).toEqual(["shop-berth-verify-12345678", "shopfront-berth-gate-0a1b2c3d"]);
    expect(await removeLeftoverObservers(engine, "shop")).toEqual([]);
  });
});
