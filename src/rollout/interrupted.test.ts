import { describe, expect, it } from "vitest";
import type { ContainerStatus, ObservedContainer, ObservedState } from "../plan/observed-state.js";
import { afterRecovery, homeNameOf, planRecovery, recoverInterrupted } from "./interrupted.js";
import { containersOf, deployedStack } from "./test-stack.js";

function container(name: string, status: ContainerStatus = "running", id = `${name.replace(/\W/g, "")}0000000000`): ObservedContainer {
  return { id, name, service: "api", number: 1, oneoff: false, status, exitCode: 0, configHash: "h", imageId: "sha256:1", health: "healthy" };
}

const state = (...containers: ObservedContainer[]): ObservedState => ({ project: "shop", containers, networks: [], volumes: [], images: {} });
const decisions = (observed: ObservedState) => planRecovery(observed).map((r) => [r.keep.name, r.remove.map((c) => c.name)]);

describe("recovery from an interrupted rollout", () => {
  it("knows successor and retired names", () => {
    expect([homeNameOf("shop-api-1_next"), homeNameOf("0123456789ab_shop-api-1"), homeNameOf("shop-api-1")]).toEqual(["shop-api-1", "shop-api-1", undefined]);
  });

  it("keeps the old container while it serves and removes the unproven successor", () => {
    expect(decisions(state(container("shop-api-1"), container("shop-api-1_next")))).toEqual([["shop-api-1", ["shop-api-1_next"]]]);
  });

  it("lets a running successor take over once the old one was retired or stopped", () => {
    expect(decisions(state(container("0123456789ab_shop-api-1", "exited"), container("shop-api-1_next")))).toEqual([["shop-api-1_next", ["0123456789ab_shop-api-1"]]]);
    expect(decisions(state(container("shop-api-1", "exited"), container("shop-api-1_next")))).toEqual([["shop-api-1_next", ["shop-api-1"]]]);
  });

  it("brings the retired one back when no successor runs, and removes a retired one beside the usual container", () => {
    expect(decisions(state(container("0123456789ab_shop-api-1", "exited"), container("shop-api-1_next", "exited")))).toEqual([["0123456789ab_shop-api-1", ["shop-api-1_next"]]]);
    expect(decisions(state(container("shop-api-1"), container("0123456789ab_shop-api-1", "exited")))).toEqual([["shop-api-1", ["0123456789ab_shop-api-1"]]]);
  });

  it("leaves a project without leftovers alone", () => {
    const clean = state(container("shop-api-1"), container("shop-web-1"));
    expect(planRecovery(clean)).toEqual([]);
    expect(afterRecovery(clean)).toEqual(clean);
  });

  it("plans from the state after recovery: one container per replica under its usual name", () => {
    const observed = state(container("0123456789ab_shop-api-1", "exited"), container("shop-api-1_next"));
    expect(afterRecovery(observed).containers.map((c) => [c.name, c.status])).toEqual([["shop-api-1", "running"]]);
  });

  it("converges on the engine: the successor left beside a serving replica goes", async () => {
    const stack = await deployedStack();
    const project = stack.project("app:2");
    const successor = await stack.engine.createContainer({ name: "shop-api-1_next", Image: "app:2", Labels: { "com.docker.compose.project": "shop", "com.docker.compose.service": "api", "com.docker.compose.container-number": "1" } });
    await stack.engine.startContainer(successor);
    const { observeProject } = await import("../deploy/observe.js");
    const steps: string[] = [];
    await recoverInterrupted(stack.engine, project, await observeProject(stack.engine, project), (service, message) => steps.push(`${service}: ${message}`));
    expect(await containersOf(stack.engine)).toEqual(["shop-api-1 app:1 running"]);
    expect(steps).toEqual(["api: left by an interrupted rollout: remove shop-api-1_next (the old container kept serving; the unproven successor goes and the rollout starts over)"]);
  });

  it("removes a gate probe observer a killed rollout left, and says so", async () => {
    const stack = await deployedStack();
    stack.engine.resources.addImage(["node:20-bookworm-slim"]);
    await stack.engine.createContainer({ name: "shop-berth-gate-0a1b2c3d", Image: "node:20-bookworm-slim", Labels: { "io.berth.verify-observer": "shop" } });
    const steps: string[] = [];
    await recoverInterrupted(stack.engine, stack.project("app:1"), stack.observed, (service, message) => steps.push(`${service}: ${message}`));
    expect(steps).toEqual(["berth: removed shop-berth-gate-0a1b2c3d, a gate probe observer left by an interrupted rollout"]);
    expect(await containersOf(stack.engine)).toEqual(["shop-api-1 app:1 running"]);
  });
});
