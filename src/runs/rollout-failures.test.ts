import { describe, expect, it } from "vitest";
import type { Service } from "../compose/model/project.js";
import type { Engine } from "../deploy/engine-port.js";
import { FakeEngine } from "../engine/fake-engine.js";
import { testProject } from "../plan/test-project.js";
import { deployProject, type DeployOptions } from "./deploy-project.js";

// Rollout failure paths with an injected engine error: whatever the engine throws mid-rollout,
// no container is leaked and the service keeps serving.
//
// KNOWN BUGS, pinned with it.fails until src/rollout/ is fixed (then turn them into it()):
// - start-first: rollout/replica-ops.ts startSuccessor leaves the created successor behind when
//   connect or start throws (an `app:2 created` container stays);
// - stop-first: rollout/execute-rollout.ts has already stopped and renamed the old replica when
//   the successor's create or start throws; the error escapes deployProject and the service stays
//   down (`app:1 exited`).

const healthcheck = { test: ["CMD", "true"], interval: "1s", retries: 1 };

function options(engine: Engine, service: Partial<Service>): DeployOptions {
  return { engine, project: testProject("shop", { api: { healthcheck, ...service } }), signal: new AbortController().signal, waitTimeoutMs: 2_000, stableMs: 0, build: "never", removeOrphans: false, forceRecreate: false, pull: "never", settleMs: 0 };
}

/** The fake engine, whose `method` throws a 500 for containers created from `image` (once, or always). */
function failing(engine: FakeEngine, method: "startContainer" | "createContainer" | "connectNetwork", image: string, times = Number.POSITIVE_INFINITY): Engine {
  let left = times;
  return new Proxy(engine, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (key !== method || typeof value !== "function") return typeof value === "function" ? value.bind(target) : value;
      return async (...args: unknown[]) => {
        const subject = args[0];
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

async function deployedV1(service: Partial<Service>): Promise<FakeEngine> {
  const engine = new FakeEngine({ images: ["app:1", "app:2"] });
  const up = await deployProject(options(engine, { image: "app:1", ...service }));
  expect(up.ok).toBe(true);
  return engine;
}

describe("a rollout the engine breaks", () => {
  const stopFirst = { deploy: { update_config: { order: "stop-first" } } } as Partial<Service>;

  async function breakRollout(extra: Partial<Service>, method: "startContainer" | "createContainer"): Promise<{ ok: boolean; left: string[] }> {
    const engine = await deployedV1(extra);
    const result = await deployProject(options(failing(engine, method, "app:2"), { image: "app:2", ...extra })).catch(() => ({ ok: false }));
    return { ok: result.ok, left: await containers(engine) };
  }

  it("start-first: a create that throws leaves the old version running", async () => {
    expect(await breakRollout({}, "createContainer")).toEqual({ ok: false, left: ["app:1 running"] });
  });

  it.fails("start-first: a start that throws after create leaks no container (known bug: the successor stays created)", async () => {
    expect(await breakRollout({}, "startContainer")).toEqual({ ok: false, left: ["app:1 running"] });
  });

  it.fails("stop-first: a start that throws after create leaves the old version running (known bug: the service stays down)", async () => {
    expect(await breakRollout(stopFirst, "startContainer")).toEqual({ ok: false, left: ["app:1 running"] });
  });

  it.fails("stop-first: a create that throws leaves the old version running (known bug: the service stays down)", async () => {
    expect(await breakRollout(stopFirst, "createContainer")).toEqual({ ok: false, left: ["app:1 running"] });
  });

  it("a start that fails once is not fatal to the next up, which converges to the new version", async () => {
    const engine = await deployedV1({});
    await deployProject(options(failing(engine, "startContainer", "app:2", 1), { image: "app:2" })).catch(() => undefined);
    const again = await deployProject(options(engine, { image: "app:2" }));
    expect(again.ok).toBe(true);
    expect(await containers(engine)).toEqual(["app:2 running"]);
  });
});
