import { describe, expect, it } from "vitest";
import type { Service } from "../compose/model/project.js";
import type { Engine } from "../deploy/engine-port.js";
import { FakeEngine } from "../engine/fake-engine.js";
import { testProject } from "../plan/test-project.js";
import { deployProject, type DeployOptions } from "./deploy-project.js";

// Rollout failure paths with an injected engine error: whatever the engine throws mid-rollout,
// no container is leaked, the service keeps (or is again) serving on its old version under its
// usual name, and the run reports a diagnosed, rolled-back rollout instead of throwing.

const healthcheck = { test: ["CMD", "true"], interval: "1s", retries: 1 };

function options(engine: Engine, service: Partial<Service>): DeployOptions {
  return { engine, project: testProject("shop", { api: { healthcheck, ...service } }), signal: new AbortController().signal, waitTimeoutMs: 2_000, stableMs: 0, build: "never", removeOrphans: false, forceRecreate: false, pull: "never", settleMs: 0 };
}

/** The fake engine, whose `method` throws a 500 for containers created from `image` (once, or always). */
type Method = "startContainer" | "createContainer" | "connectNetwork" | "stopContainer" | "renameContainer";

function failing(engine: FakeEngine, method: Method, image: string, times = Number.POSITIVE_INFINITY): Engine {
  let left = times;
  return new Proxy(engine, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (key !== method || typeof value !== "function") return typeof value === "function" ? value.bind(target) : value;
      return async (...args: unknown[]) => {
        // connectNetwork(network, container, aliases) names its container second.
        const subject = key === "connectNetwork" ? args[1] : args[0];
        const imageOf = typeof subject === "object" && subject !== null ? (subject as { Image?: string }).Image : (await target.inspectContainer(String(subject)).catch(() => undefined))?.Config.Image;
        if (imageOf === image && left > 0) {
          left--;
          throw Object.assign(new Error(`injected: ${String(method)} failed (500)`), { statusCode: 500 });
        }
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  }) as Engine;
}

async function containers(engine: FakeEngine): Promise<string[]> {
  return (await engine.listContainers()).map((c) => `${c.image} ${c.state}`).sort();
}

/** Name, image and state: the old replica must be back under its usual name. */
async function named(engine: FakeEngine): Promise<string[]> {
  return (await engine.listContainers()).map((c) => `${c.name} ${c.image} ${c.state}`).sort();
}

async function deployedV1(service: Partial<Service>): Promise<FakeEngine> {
  const engine = new FakeEngine({ images: ["app:1", "app:2"] });
  const up = await deployProject(options(engine, { image: "app:1", ...service }));
  expect(up.ok).toBe(true);
  return engine;
}

describe("a rollout the engine breaks", () => {
  const stopFirst = { deploy: { update_config: { order: "stop-first" } } } as Partial<Service>;

  async function breakRollout(extra: Partial<Service>, method: Method, image = "app:2"): Promise<{ ok: boolean; left: string[] }> {
    const engine = await deployedV1(extra);
    const result = await deployProject(options(failing(engine, method, image), { image: "app:2", ...extra })).catch(() => ({ ok: false }));
    return { ok: result.ok, left: await containers(engine) };
  }

  /** The run's own report of an engine failure: rolled back, diagnosed, the old replica named as before. */
  async function reported(extra: Partial<Service>, method: Method, image = "app:2") {
    const engine = await deployedV1(extra);
    const result = await deployProject(options(failing(engine, method, image), { image: "app:2", ...extra }));
    const api = result.services.find((s) => s.service === "api");
    return { ok: result.ok, outcome: result.rollouts?.[0], codes: api?.diagnoses.map((d) => d.code) ?? [], left: await named(engine) };
  }

  it("start-first: a create that throws leaves the old version running", async () => {
    expect(await breakRollout({}, "createContainer")).toEqual({ ok: false, left: ["app:1 running"] });
  });

  it("start-first: a start that throws after create leaks no container", async () => {
    expect(await breakRollout({}, "startContainer")).toEqual({ ok: false, left: ["app:1 running"] });
  });

  it("stop-first: a start that throws after create leaves the old version running", async () => {
    expect(await breakRollout(stopFirst, "startContainer")).toEqual({ ok: false, left: ["app:1 running"] });
  });

  it("stop-first: a create that throws leaves the old version running", async () => {
    expect(await breakRollout(stopFirst, "createContainer")).toEqual({ ok: false, left: ["app:1 running"] });
  });

  it("start-first: a network join that throws removes the successor before it took traffic", async () => {
    expect(await breakRollout({}, "connectNetwork")).toEqual({ ok: false, left: ["app:1 running"] });
  });

  it("start-first: retiring the old replica that throws keeps it serving and removes the successor", async () => {
    expect(await breakRollout({}, "stopContainer", "app:1")).toEqual({ ok: false, left: ["app:1 running"] });
  });

  it("start-first: a promotion rename that throws brings the retired replica back under its name", async () => {
    const report = await reported({}, "renameContainer", "app:2");
    expect(report.left).toEqual(["shop-api-1 app:1 running"]);
    expect(report.ok).toBe(false);
  });

  it("stop-first: a stop that throws leaves the old version running, nothing created", async () => {
    expect(await breakRollout(stopFirst, "stopContainer", "app:1")).toEqual({ ok: false, left: ["app:1 running"] });
  });

  it("stop-first: the old replica is back under its usual name, not its retired one", async () => {
    expect((await reported(stopFirst, "startContainer")).left).toEqual(["shop-api-1 app:1 running"]);
  });

  it("reports the engine error as a diagnosed rollout failure that was rolled back, never as a throw", async () => {
    for (const [extra, method] of [[{}, "startContainer"], [stopFirst, "createContainer"], [stopFirst, "startContainer"]] as const) {
      const report = await reported(extra, method);
      expect(report.ok).toBe(false);
      expect(report.outcome?.status).toBe("rolled-back");
      expect(report.outcome?.failure?.reason).toBe("engine-error");
      expect(report.outcome?.failure?.detail).toMatch(/the engine failed during the (start|stop)-first update: injected: (start|create)Container failed \(500\)/);
      expect(report.codes.length).toBeGreaterThan(0);
    }
  });

  it("a start that fails once is not fatal to the next up, which converges to the new version", async () => {
    const engine = await deployedV1({});
    await deployProject(options(failing(engine, "startContainer", "app:2", 1), { image: "app:2" })).catch(() => undefined);
    const again = await deployProject(options(engine, { image: "app:2" }));
    expect(again.ok).toBe(true);
    expect(await containers(engine)).toEqual(["app:2 running"]);
  });
});
