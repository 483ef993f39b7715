import { describe, expect, it } from "vitest";
import { testProject } from "../plan/test-project.js";
import type { Engine } from "../deploy/engine-port.js";
import { hiddenNetworks, reinstate, retireOld, startSuccessor } from "./replica-ops.js";
import { planServiceRollout } from "./rollout-plan.js";
import { containersOf, deployedStack } from "./test-stack.js";

describe("hiddenNetworks", () => {
  it("hides the successor on the networks its dependants use, not on its own outbound ones", () => {
    const project = testProject("shop", {
      web: { image: "nginx:1.22", networks: { front: null }, depends_on: { api: { condition: "service_healthy", required: true } } },
      api: { image: "app:1", networks: { front: null, data: null } },
      db: { image: "postgres:15", networks: { data: null } },
    }, { networks: { front: { name: "shop_front" }, data: { name: "shop_data" } } });
    expect([...hiddenNetworks(project, project.services["api"]!)]).toEqual(["shop_front"]);
  });

  it("hides it everywhere when no service declares that it depends on it", () => {
    const project = testProject("shop", { api: { image: "app:1" } });
    expect([...hiddenNetworks(project, project.services["api"]!)]).toEqual(["shop_default"]);
  });
});

describe("startSuccessor when the engine fails", () => {
  async function successorOf(stack: Awaited<ReturnType<typeof deployedStack>>, engine: Engine) {
    const project = stack.project("app:2");
    const [old] = stack.observed.containers;
    const rollout = planServiceRollout(project.services["api"]!, stack.observed.containers, "image app:2");
    const replacement = rollout.batches[0]![0]!;
    const inputs = { engine, project, service: project.services["api"]!, image: "app:2", configHash: "h2" };
    return { old, attempt: startSuccessor(inputs, replacement, replacement.nextName, hiddenNetworks(project, project.services["api"]!)) };
  }

  it("removes the container it created when starting it throws, and passes the error on", async () => {
    const stack = await deployedStack();
    const engine = new Proxy(stack.engine, {
      get: (target, key) => (key === "startContainer" ? () => Promise.reject(new Error("injected start failure")) : (Reflect.get(target, key) as (...a: unknown[]) => unknown).bind(target)),
    }) as Engine;
    const { attempt } = await successorOf(stack, engine);
    await expect(attempt).rejects.toThrow("injected start failure");
    expect(await containersOf(stack.engine)).toEqual(["shop-api-1 app:1 running"]);
  });

  it("returns the started successor beside the old replica when nothing fails", async () => {
    const stack = await deployedStack();
    const { attempt } = await successorOf(stack, stack.engine);
    await attempt;
    expect(await containersOf(stack.engine)).toEqual(["shop-api-1 app:1 running", "shop-api-1_next app:2 running"]);
  });
});

describe("reinstate", () => {
  async function replacementOf() {
    const stack = await deployedStack();
    const rollout = planServiceRollout(stack.project("app:2").services["api"]!, stack.observed.containers, "image app:2");
    return { stack, replacement: rollout.batches[0]![0]! };
  }

  it("brings a retired replica back under its usual name and starts it", async () => {
    const { stack, replacement } = await replacementOf();
    await retireOld(stack.engine, stack.project("app:1").services["api"]!, replacement);
    expect(await containersOf(stack.engine)).toEqual([`${replacement.retiredName} app:1 exited`]);
    await reinstate(stack.engine, replacement);
    expect(await containersOf(stack.engine)).toEqual(["shop-api-1 app:1 running"]);
  });

  it("leaves a replica that still serves under its name alone (no start, no rename)", async () => {
    const { stack, replacement } = await replacementOf();
    // A real engine answers 304 to starting a running container; berth must not even ask.
    const asked: string[] = [];
    const engine = new Proxy(stack.engine, {
      get: (target, key) => {
        const value = (Reflect.get(target, key) as (...a: unknown[]) => unknown).bind(target);
        return key === "startContainer" || key === "renameContainer" ? (...args: unknown[]) => (asked.push(String(key)), value(...args)) : value;
      },
    }) as Engine;
    await reinstate(engine, replacement);
    expect(asked).toEqual([]);
  });

  it("does nothing for a replica that is gone", async () => {
    const { stack, replacement } = await replacementOf();
    await stack.engine.removeContainer(replacement.oldId, { force: true });
    await expect(reinstate(stack.engine, replacement)).resolves.toBeUndefined();
    expect(await containersOf(stack.engine)).toEqual([]);
  });
});
