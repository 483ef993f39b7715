import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Service } from "../compose/model/project.js";
import { observeProject } from "../deploy/observe.js";
import { serviceConfigHash } from "../engine/config-hash.js";
import type { ContainerCreateRequest } from "../engine/engine.js";
import type { FakeEngine } from "../engine/fake-engine.js";
import { executeRollout } from "../rollout/execute-rollout.js";
import { planServiceRollout } from "../rollout/rollout-plan.js";
import { containersOf, deployedStack } from "../rollout/test-stack.js";
import { releaseOfRun } from "./release-of-run.js";
import { readReleases, recordRelease } from "./release-store.js";
import { rollbackProject } from "./rollback-project.js";

const dirs: string[] = [];
afterEach(async () => Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true }))));

/** The fake knows images by tag only; the real engine also takes an image id, as rollback does. */
async function acceptImageIds(engine: FakeEngine): Promise<void> {
  const tags = ["app:1", "app:2", "app:bad"];
  const ids = new Map(await Promise.all(tags.map(async (tag) => [(await engine.inspectImage(tag))?.Id ?? "", tag] as const)));
  const inspect = engine.inspectImage.bind(engine);
  const create = engine.createContainer.bind(engine);
  engine.inspectImage = (reference) => inspect(ids.get(reference) ?? reference);
  engine.createContainer = (request: ContainerCreateRequest) => create({ ...request, Image: ids.get(request.Image) ?? request.Image });
}

type Stack = Awaited<ReturnType<typeof deployedStack>>;

/** Rolls the stack to an image the way `up` will, and records the release. */
async function deploy(stack: Stack, stateDir: string, image: string) {
  const project = stack.project(image);
  const before = await observeProject(stack.engine, project);
  const rollout = planServiceRollout(project.services["api"] as Service, before.containers, `image ${image} changed`);
  const outcome = await executeRollout(rollout, { engine: stack.engine, project, events: stack.events, signal: stack.signal, waitTimeoutMs: 2000, settleMs: 0, configHash: serviceConfigHash, image });
  const imageId = (await stack.engine.inspectImage(image))?.Id ?? "";
  const after = await observeProject(stack.engine, project);
  const targets = new Map([["api", { imageId, cause: rollout.cause }]]);
  return recordRelease(stateDir, releaseOfRun({ project, command: "up", before, after, outcomes: [outcome], targets, otherFailures: [], at: "2026-11-23T08:40:00.000Z" }));
}

describe("releases of rollouts, and rollback", () => {
  it("records deployed and rolled-back releases and rolls back to the previous deployed images", async () => {
    const stack = await deployedStack();
    await acceptImageIds(stack.engine);
    const stateDir = await mkdtemp(join(tmpdir(), "berth-rollback-"));
    dirs.push(stateDir);
    const first = releaseOfRun({ project: stack.project("app:1"), command: "up", before: stack.observed, after: stack.observed, outcomes: [], targets: new Map(), otherFailures: [], at: "2026-11-23T08:39:00.000Z" });
    expect(first).toMatchObject({ outcome: "deployed", changes: [], services: [{ service: "api", image: "app:1" }] });
    await recordRelease(stateDir, first);
    const bad = await deploy(stack, stateDir, "app:bad");
    expect(bad).toMatchObject({ outcome: "rolled-back", changes: [{ service: "api", cause: "image app:bad changed" }] });
    expect(bad.diagnoses[0]).toMatch(/^api: unhealthy: .*; rolled-back$/);
    expect((await deploy(stack, stateDir, "app:2")).outcome).toBe("deployed");
    expect(await containersOf(stack.engine)).toEqual(["shop-api-1 app:2 running"]);

    const result = await rollbackProject({ engine: stack.engine, project: stack.project("app:2"), stateDir, events: stack.events, signal: stack.signal, waitTimeoutMs: 2000, settleMs: 0 });
    expect(result.target.id).toBe(1);
    expect(result.release).toMatchObject({ id: 4, command: "rollback", rollbackOf: 1, outcome: "deployed" });
    expect(await containersOf(stack.engine)).toEqual(["shop-api-1 app:1 running"]);
    expect((await readReleases(stateDir)).map((r) => r.outcome)).toEqual(["deployed", "rolled-back", "deployed", "deployed"]);
  });

  it("refuses to roll back with fewer than two deployed releases", async () => {
    const stack = await deployedStack();
    const stateDir = await mkdtemp(join(tmpdir(), "berth-rollback-"));
    dirs.push(stateDir);
    await expect(rollbackProject({ engine: stack.engine, project: stack.project("app:1"), stateDir, events: stack.events, signal: stack.signal, waitTimeoutMs: 2000, settleMs: 0 })).rejects.toMatchObject({ code: "rollback-nothing" });
  });
});
