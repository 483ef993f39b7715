import { describe, expect, it } from "vitest";
import type { EngineEvent } from "./engine.js";
import { FakeEngine } from "./fake-engine.js";

const labels = { "com.docker.compose.project": "shop" };

async function take(events: AsyncIterable<EngineEvent>, count: number): Promise<string[]> {
  const seen: string[] = [];
  for await (const event of events) {
    seen.push(`${event.action} ${event.attributes["name"]}`);
    if (seen.length === count) break;
  }
  return seen;
}

describe("FakeEngine", () => {
  it("runs a container through its lifecycle, with events and a journal of calls", async () => {
    const engine = new FakeEngine({ images: ["nginx:1.22"] });
    const controller = new AbortController();
    const events = take(engine.events({ labels }, controller.signal), 5);
    const id = await engine.createContainer({ name: "shop-web-1", Image: "nginx:1.22", Labels: labels });
    await engine.startContainer(id);
    await engine.startContainer(id); // already running: no-op, like HTTP 304
    await engine.stopContainer("shop-web-1");
    expect(await events).toEqual([
      "create shop-web-1",
      "start shop-web-1",
      "kill shop-web-1",
      "die shop-web-1",
      "stop shop-web-1",
    ]);
    await engine.removeContainer(id);
    expect(engine.calls).toEqual([
      "create shop-web-1",
      "start shop-web-1",
      "kill shop-web-1",
      "die shop-web-1",
      "stop shop-web-1",
      "destroy shop-web-1",
    ]);
    expect(await engine.inspectContainer(id)).toBeUndefined();
  });

  it("plays scripted crashes (with OOM) and health, and releases waiters", async () => {
    const engine = new FakeEngine({
      images: ["postgres:15", "node:20-bookworm-slim"],
      behave: (request) =>
        request.name === "api" ? { exitOnStart: 137, oomKilled: true } : { health: "unhealthy" },
    });
    const db = await engine.createContainer({
      name: "db",
      Image: "postgres:15",
      Healthcheck: { Test: ["CMD", "pg_isready"] },
    });
    await engine.startContainer(db);
    expect((await engine.inspectContainer(db))?.State.Health?.Status).toBe("unhealthy");

    const api = await engine.createContainer({ name: "api", Image: "node:20-bookworm-slim" });
    await engine.startContainer(api);
    const state = (await engine.inspectContainer(api))?.State;
    expect(state).toMatchObject({ Running: false, ExitCode: 137, OOMKilled: true });
    expect(engine.bus.history.map((event) => event.action)).toContain("oom");

    const waiting = engine.waitContainer(db);
    engine.crash(db, 2);
    expect(await waiting).toEqual({ exitCode: 2 });
  });

  it("refuses what the engine refuses, with the engine's error codes", async () => {
    const engine = new FakeEngine({ images: ["redis:7"] });
    const id = await engine.createContainer({
      name: "cache",
      Image: "redis:7",
      NetworkingConfig: { EndpointsConfig: { shop_default: {} } },
    });
    await expect(engine.createContainer({ name: "cache", Image: "redis:7" })).rejects.toMatchObject({
      code: "engine.conflict",
    });
    await expect(engine.createContainer({ name: "x", Image: "nope:1" })).rejects.toMatchObject({
      code: "engine.not-found",
    });
    await expect(engine.killContainer(id)).rejects.toMatchObject({ code: "engine.conflict" });
    await engine.startContainer(id);
    await expect(engine.removeContainer(id)).rejects.toMatchObject({ code: "engine.conflict" });
    await expect(engine.pullImage("redis:7")).rejects.toMatchObject({ code: "engine.not-found" });
    await engine.createNetwork({ name: "shop_default" });
    await expect(engine.removeNetwork("shop_default")).rejects.toMatchObject({ code: "engine.failed" });
  });

  it("answers exec from the script and builds images, or fails builds as scripted", async () => {
    const engine = new FakeEngine({
      images: ["debian:bookworm-slim"],
      behave: () => ({
        exec: (command) =>
          command[0] === "curl" ? { exitCode: 127, stderr: "curl: not found" } : { stdout: "ok" },
      }),
      build: (request) =>
        request.target === "broken"
          ? { ok: false, log: "Step 1/1 : RUN false", error: "returned a non-zero code: 1" }
          : undefined,
    });
    const id = await engine.createContainer({ name: "box", Image: "debian:bookworm-slim" });
    await engine.startContainer(id);
    expect(await engine.exec(id, { command: ["curl", "-f", "localhost"], timeoutMs: 1000 })).toMatchObject({
      exitCode: 127,
      stderr: "curl: not found",
      output: "curl: not found",
    });
    expect(await engine.exec(id, { command: ["true"], timeoutMs: 1000 })).toMatchObject({
      exitCode: 0,
      stdout: "ok",
    });

    const built = await engine.buildImage({ context: "/src", tags: ["shop-api:latest"], labels: { a: "1" } });
    expect(built.ok).toBe(true);
    expect((await engine.inspectImage("shop-api"))?.Id).toBe(built.imageId);
    expect((await engine.listImages({ reference: "shop-*" })).map((image) => image.tags)).toEqual([
      ["shop-api:latest"],
    ]);
    expect(
      await engine.buildImage({ context: "/src", tags: ["shop-api:latest"], target: "broken" }),
    ).toMatchObject({ ok: false });
  });

  it("follows output written after the follow began, until the signal aborts", async () => {
    const engine = new FakeEngine({ images: ["app:1"], behave: () => ({ logs: [{ stream: "stdout", text: "booting\n" }] }) });
    const id = await engine.createContainer({ name: "app-1", Image: "app:1" });
    const stop = new AbortController();
    const seen: string[] = [];
    const following = (async () => {
      for await (const chunk of engine.followLogs(id, { tail: 0 }, stop.signal)) {
        seen.push(chunk.text);
        if (seen.length === 2) stop.abort();
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 0)); // the follow is established
    engine.writeLog(id, "listening on 3000\n");
    engine.writeLog(id, "ready\n", "stderr");
    await following;
    expect(seen).toEqual(["listening on 3000\n", "ready\n"]);
    expect((await engine.readLogs(id)).map((c) => c.text)).toEqual(["booting\n", "listening on 3000\n", "ready\n"]);
  });

  it("lists by labels and keeps networks, aliases and volumes", async () => {
    const engine = new FakeEngine({ images: ["nginx:1.22"] });
    await engine.createNetwork({ name: "shop_default", labels });
    await engine.createVolume({ name: "shop_data", labels });
    const id = await engine.createContainer({ name: "web", Image: "nginx:1.22", Labels: labels });
    await engine.connectNetwork("shop_default", id, ["web", "www"]);
    expect((await engine.inspectContainer(id))?.NetworkSettings.Networks["shop_default"]?.Aliases).toEqual([
      "web",
      "www",
    ]);
    expect(
      (await engine.listContainers({ labels: { "com.docker.compose.project": true } })).map((c) => c.name),
    ).toEqual(["web"]);
    expect(await engine.listContainers({ labels: { "com.docker.compose.project": "other" } })).toEqual([]);
    expect((await engine.listNetworks(labels)).map((n) => n.name)).toEqual(["shop_default"]);
    expect((await engine.listVolumes(labels)).map((v) => v.name)).toEqual(["shop_data"]);
    await engine.createContainer({
      name: "db",
      Image: "nginx:1.22",
      HostConfig: { Mounts: [{ Type: "volume", Source: "shop_data", Target: "/data" }] },
    });
    await expect(engine.removeVolume("shop_data")).rejects.toMatchObject({ code: "engine.conflict" });
    await engine.removeContainer("db");
    await engine.removeVolume("shop_data");
    expect(await engine.inspectVolume("shop_data")).toBeUndefined();
  });
});
