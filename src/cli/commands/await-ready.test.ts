import { describe, expect, it } from "vitest";
import type { ContainerRow } from "../../deploy/list-containers.js";
import { FakeEngine, type FakeBehaviour } from "../../engine/fake-engine.js";
import { testProject } from "../../plan/test-project.js";
import { awaitReady, renderReady, stableMsOf, waitTimeoutMs } from "./await-ready.js";

const project = testProject("shop", {
  web: { healthcheck: { test: ["CMD", "check"], interval: "30s", retries: 3 } },
  cache: {},
});

async function started(service: string, behaviour: FakeBehaviour, healthcheck = false): Promise<{ engine: FakeEngine; row: ContainerRow }> {
  const engine = new FakeEngine({ images: ["app:1"], behave: () => behaviour });
  const id = await engine.createContainer({ name: `shop-${service}-1`, Image: "app:1", ...(healthcheck ? { Healthcheck: { Test: ["CMD", "check"] } } : {}) });
  await engine.startContainer(id);
  const row: ContainerRow = { name: `shop-${service}-1`, id: id.slice(0, 12), service, number: 1, state: "running", status: "", health: null, exitCode: null, image: "app:1", imageId: "", ports: [] };
  return { engine, row };
}

const options = (engine: FakeEngine) => ({ engine, project, signal: new AbortController().signal, waitTimeoutMs: 2_000, stableMs: 0 });

describe("awaitReady", () => {
  it("waits with the healthy gate for a service with a healthcheck, by the container's full id", async () => {
    const { engine, row } = await started("web", { health: "starting", exec: () => ({ exitCode: 0 }) }, true);
    const [outcome] = await awaitReady([row], options(engine));
    expect(outcome).toMatchObject({ gate: "healthy", outcome: { ok: true } });
  });

  it("fails a service that exits after the restart", async () => {
    const { engine, row } = await started("cache", { exitOnStart: 1 });
    const [outcome] = await awaitReady([row], options(engine));
    expect(outcome).toMatchObject({ gate: "started-stable", outcome: { ok: false, reason: "exited" } });
  });

  it("does not wait for a container whose service left the files", async () => {
    const { engine, row } = await started("old", {});
    expect(await awaitReady([row], options(engine))).toEqual([]);
  });
});

describe("renderReady", () => {
  const row = { name: "shop-web-1", id: "x", service: "web", number: 1, state: "running", status: "", health: null, exitCode: null, image: "", imageId: "", ports: [] };

  it("says per replica how long it took or why it is not ready", () => {
    expect(renderReady([{ row, gate: "healthy", outcome: { ok: true, at: 2_500, probes: [] } }], 1_000)).toBe("web-1  healthy after 1.5 s\n");
    expect(renderReady([{ row, gate: "started-stable", outcome: { ok: true, at: 1_000, probes: [] } }], 1_000)).toBe("web-1  running after 0.0 s\n");
    expect(renderReady([{ row, gate: "healthy", outcome: { ok: false, reason: "unhealthy", detail: "exit 1", probes: [] } }], 0)).toBe("web-1  not healthy: unhealthy (exit 1)\n");
  });
});

describe("wait settings", () => {
  it("reads --wait-timeout in seconds and refuses nonsense", () => {
    expect(waitTimeoutMs(undefined)).toBe(300_000);
    expect(waitTimeoutMs("2.5")).toBe(2_500);
    expect(() => waitTimeoutMs("0")).toThrow(/positive number of seconds, got 0/);
  });

  it("takes BERTH_STABLE_MS as up does", () => {
    expect(stableMsOf({})).toBe(1500);
    expect(stableMsOf({ BERTH_STABLE_MS: "200" })).toBe(200);
    expect(stableMsOf({ BERTH_STABLE_MS: "-1" })).toBe(1500);
  });
});
