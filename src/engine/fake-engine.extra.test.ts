import { describe, expect, it } from "vitest";
import type { EngineEvent } from "./engine.js";
import { FakeEngine } from "./fake-engine.js";
import { composeLabel } from "./labels.js";

/*
 * The FakeEngine stands in for the engine in every deploy, rollout and server test: where it
 * refuses or answers differently from the real engine, those tests prove nothing. These pin the
 * engine behaviours the deploy code depends on.
 */

async function running(engine: FakeEngine, name: string, labels: Record<string, string> = {}): Promise<string> {
  const id = await engine.createContainer({ name, Image: "app:1", Labels: labels });
  await engine.startContainer(id);
  return id;
}

describe("FakeEngine, as the engine behaves", () => {
  it("refuses a rename onto a taken name, and answers to the new name after a rename", async () => {
    const engine = new FakeEngine({ images: ["app:1"] });
    const old = await running(engine, "shop-web-1");
    await running(engine, "shop-web-2");
    await expect(engine.renameContainer(old, "shop-web-2")).rejects.toMatchObject({ code: "engine.conflict" });
    await engine.renameContainer(old, "shop-web-1-old");
    expect((await engine.inspectContainer("shop-web-1-old"))?.Id).toBe(old);
    expect(await engine.inspectContainer("shop-web-1")).toBeUndefined();
  });

  it("releases a waiter when the container exits, answers at once for one already stopped, and cancels on abort", async () => {
    const engine = new FakeEngine({ images: ["app:1"] });
    const id = await running(engine, "job-1");
    const waiting = engine.waitContainer(id);
    engine.crash(id, 4);
    expect(await waiting).toEqual({ exitCode: 4 });
    expect(await engine.waitContainer(id)).toEqual({ exitCode: 4 });
    const other = await running(engine, "job-2");
    const stop = new AbortController();
    const cancelled = engine.waitContainer(other, "not-running", stop.signal);
    stop.abort();
    await expect(cancelled).rejects.toMatchObject({ code: "engine.conflict" });
  });

  it("refuses exec and top in a container that is not running, as the engine does (409)", async () => {
    const engine = new FakeEngine({ images: ["app:1"] });
    const id = await running(engine, "web-1");
    await engine.stopContainer(id);
    await expect(engine.exec(id, { command: ["true"], timeoutMs: 1000 })).rejects.toMatchObject({ code: "engine.conflict" });
    await expect(engine.topContainer(id)).rejects.toMatchObject({ code: "engine.conflict" });
    await expect(engine.killContainer(id)).rejects.toMatchObject({ code: "engine.conflict" });
  });

  it("keeps a network with a container on it and a volume a container mounts, and returns an existing volume as created", async () => {
    const engine = new FakeEngine({ images: ["app:1"] });
    await engine.createNetwork({ name: "shop_default", labels: {} });
    await engine.createVolume({ name: "shop_data", labels: { a: "1" } });
    const id = await engine.createContainer({ name: "db-1", Image: "app:1", HostConfig: { Binds: ["shop_data:/var/lib/data"] } });
    await engine.connectNetwork("shop_default", id);
    await expect(engine.removeNetwork("shop_default")).rejects.toThrow(/has active endpoints/);
    await expect(engine.removeVolume("shop_data")).rejects.toMatchObject({ code: "engine.conflict" });
    expect((await engine.createVolume({ name: "shop_data", labels: { b: "2" } })).Labels).toEqual({ a: "1" });
    await engine.removeContainer(id);
    await engine.removeNetwork("shop_default");
    await engine.removeVolume("shop_data");
    await expect(engine.removeVolume("shop_data")).rejects.toMatchObject({ code: "engine.not-found" });
    await expect(engine.connectNetwork("gone", "db-1")).rejects.toMatchObject({ code: "engine.not-found" });
  });

  it("finds `app` as `app:latest`, moves a tag to a rebuilt image (the old one stays reachable by id, untagged), and lists by reference pattern", async () => {
    const engine = new FakeEngine({ images: ["shop-api", "redis:7"] });
    const before = (await engine.inspectImage("shop-api:latest"))?.Id ?? "";
    await engine.buildImage({ context: "/srv/api", tags: ["shop-api"] });
    const after = (await engine.inspectImage("shop-api"))?.Id;
    expect(after).not.toBe(before);
    expect((await engine.inspectImage(before))?.RepoTags).toEqual([]);
    expect((await engine.listImages({ reference: "shop-*" })).map((i) => i.tags)).toEqual([["shop-api"]]);
    expect((await engine.listImages({ reference: "redis:?" })).map((i) => i.tags)).toEqual([["redis:7"]]);
    await engine.removeImage("redis:7");
    await expect(engine.removeImage("redis:7")).rejects.toMatchObject({ code: "engine.not-found" });
  });

  it("reads the last lines of a log with tail, and all of it without", async () => {
    const engine = new FakeEngine({ images: ["app:1"], behave: () => ({ logs: [{ stream: "stdout", text: "one\n" }, { stream: "stderr", text: "two\n" }] }) });
    const id = await running(engine, "web-1");
    engine.writeLog(id, "three\n");
    expect((await engine.readLogs(id, { tail: 2 })).map((c) => c.text)).toEqual(["two\n", "three\n"]);
    expect(await engine.readLogs(id)).toHaveLength(3);
  });

  it("replays events from `since` through the filter, and matches an action by its prefix (health_status: healthy)", async () => {
    let now = 1_000_000;
    const engine = new FakeEngine({ images: ["app:1"], clock: () => now });
    const labels = { [composeLabel.project]: "shop" };
    const id = await engine.createContainer({ name: "web-1", Image: "app:1", Labels: labels, Healthcheck: { Test: ["CMD", "true"] } });
    await engine.createContainer({ name: "other-1", Image: "app:1", Labels: { [composeLabel.project]: "other" } });
    now = 2_000_000;
    await engine.startContainer(id);
    const stop = new AbortController();
    const seen: EngineEvent[] = [];
    for await (const event of engine.events({ labels, actions: ["start", "health_status"], since: 1_500 }, stop.signal)) {
      seen.push(event);
      if (seen.length === 2) stop.abort();
    }
    expect(seen.map((e) => [e.action, e.attributes["name"], e.time])).toEqual([["start", "web-1", 2_000_000], ["health_status: healthy", "web-1", 2_000_000]]);
  });
});
