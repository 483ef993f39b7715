import { describe, expect, it } from "vitest";
import type { Service } from "../compose/model/project.js";
import { serviceConfigHash } from "../plan/config-hash.js";
import { executeRollout, type RolloutOptions } from "./execute-rollout.js";
import { planServiceRollout } from "./rollout-plan.js";
import { containersOf, deployedStack } from "./test-stack.js";

type Stack = Awaited<ReturnType<typeof deployedStack>>;

async function rollTo(stack: Stack, image: string) {
  const project = stack.project(image);
  const rollout = planServiceRollout(project.services["api"] as Service, stack.observed.containers, `image ${image}`);
  const options: RolloutOptions = { engine: stack.engine, project, events: stack.events, signal: stack.signal, waitTimeoutMs: 2000, settleMs: 0, configHash: serviceConfigHash, image };
  return executeRollout(rollout, options);
}

const lifecycle = (calls: readonly string[]) => calls.filter((c) => /^(create|start|stop|rename|destroy) /.test(c));

describe("executeRollout", () => {
  it("starts the successor beside the old container, then retires the old one and renames", async () => {
    const stack = await deployedStack();
    const before = stack.engine.calls.length;
    const outcome = await rollTo(stack, "app:2");
    expect(outcome.status).toBe("replaced");
    expect(lifecycle(stack.engine.calls.slice(before))).toEqual([
      "create shop-api-1_next",
      "start shop-api-1_next",
      "stop shop-api-1",
      "rename " + stack.observed.containers[0]?.id.slice(0, 12) + "_shop-api-1",
      "rename shop-api-1",
      "destroy " + stack.observed.containers[0]?.id.slice(0, 12) + "_shop-api-1",
    ]);
    expect(await containersOf(stack.engine)).toEqual(["shop-api-1 app:2 running"]);
    // Out of discovery until healthy: created without aliases, re-attached with them after the gate.
    expect(stack.engine.calls.slice(before).filter((c) => /^(disconnect|connect|stop) /.test(c))).toEqual([
      "disconnect shop-api-1_next shop_default",
      "connect shop-api-1_next shop_default",
      "stop shop-api-1",
    ]);
  });

  it("keeps the old container serving and explains why when the successor is unhealthy", async () => {
    const stack = await deployedStack();
    const outcome = await rollTo(stack, "app:bad");
    expect(outcome.status).toBe("rolled-back");
    expect(outcome.failure?.reason).toBe("unhealthy");
    expect(outcome.failure?.diagnoses.map((d) => d.code)).toContain("unhealthy");
    expect(await containersOf(stack.engine)).toEqual(["shop-api-1 app:1 running"]);
    expect(stack.engine.calls).not.toContain("stop shop-api-1");
  });

  it("rolls replicas in batches of update_config.parallelism and restores earlier batches on failure", async () => {
    const stack = await deployedStack({ deploy: { replicas: 3, update_config: { parallelism: 2 } } });
    const ok = await rollTo(stack, "app:2");
    expect(ok.swapped.map((s) => s.number)).toEqual([1, 2, 3]);
    expect(await containersOf(stack.engine)).toEqual(["shop-api-1 app:2 running", "shop-api-2 app:2 running", "shop-api-3 app:2 running"]);
  });

  it("rolls back replicas already replaced when a later batch fails", async () => {
    const stack = await deployedStack({ deploy: { replicas: 2 } });
    let calls = 0;
    const project = stack.project("app:2");
    const rollout = planServiceRollout(project.services["api"] as Service, stack.observed.containers, "image app:2");
    const verify = async () => ({ ok: ++calls < 2, detail: "GET /api/version answered 500" });
    const outcome = await executeRollout(rollout, { engine: stack.engine, project, events: stack.events, signal: stack.signal, waitTimeoutMs: 2000, settleMs: 0, configHash: serviceConfigHash, image: "app:2", verify });
    expect(outcome).toMatchObject({ status: "rolled-back", failure: { reason: "verify", detail: "GET /api/version answered 500" } });
    expect(await containersOf(stack.engine)).toEqual(["shop-api-1 app:1 running", "shop-api-2 app:1 running"]);
  });

  it("with failure_action pause keeps the batches already replaced", async () => {
    const stack = await deployedStack({ deploy: { replicas: 2, update_config: { failure_action: "pause" } } });
    let calls = 0;
    const project = stack.project("app:2");
    const rollout = planServiceRollout(project.services["api"] as Service, stack.observed.containers, "image app:2");
    const verify = async () => ({ ok: ++calls < 2, detail: "bad" });
    const outcome = await executeRollout(rollout, { engine: stack.engine, project, events: stack.events, signal: stack.signal, waitTimeoutMs: 2000, settleMs: 0, configHash: serviceConfigHash, image: "app:2", verify });
    expect(outcome.status).toBe("paused");
    expect(await containersOf(stack.engine)).toEqual(["shop-api-1 app:2 running", "shop-api-2 app:1 running"]);
  });

  it("stops first when the service publishes a host port without a port holder, and brings the old one back on failure", async () => {
    const stack = await deployedStack({ ports: [{ mode: "ingress", target: 80, published: "8080", protocol: "tcp", host_ip: "127.0.0.1" }], "x-berth": { edge: false } });
    const before = stack.engine.calls.length;
    const outcome = await rollTo(stack, "app:bad");
    expect(outcome.status).toBe("rolled-back");
    expect(lifecycle(stack.engine.calls.slice(before)).slice(0, 3)).toEqual(["stop shop-api-1", expect.stringMatching(/^rename \w{12}_shop-api-1$/), "create shop-api-1"]);
    expect(await containersOf(stack.engine)).toEqual(["shop-api-1 app:1 running"]);
  });
});
