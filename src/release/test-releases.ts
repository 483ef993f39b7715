import type { Service } from "../compose/model/project.js";
import { observeProject } from "../deploy/observe.js";
import { serviceConfigHash } from "../plan/config-hash.js";
import type { ContainerCreateRequest } from "../engine/engine.js";
import type { FakeEngine } from "../engine/fake-engine.js";
import { executeRollout } from "../rollout/execute-rollout.js";
import { planServiceRollout } from "../rollout/rollout-plan.js";
import type { deployedStack } from "../rollout/test-stack.js";
import { releaseOfRun } from "./release-of-run.js";
import { recordRelease } from "./release-store.js";

// Test support for release and rollback tests: a fake stack rolled from image to image the way
// `up` does it, each deployment recorded as a release.

/** The fake knows images by tag only; the real engine also takes an image id, as rollback does. */
export async function acceptImageIds(engine: FakeEngine): Promise<void> {
  const tags = ["app:1", "app:2", "app:bad"];
  const ids = new Map(await Promise.all(tags.map(async (tag) => [(await engine.inspectImage(tag))?.Id ?? "", tag] as const)));
  const inspect = engine.inspectImage.bind(engine);
  const create = engine.createContainer.bind(engine);
  engine.inspectImage = (reference) => inspect(ids.get(reference) ?? reference);
  engine.createContainer = (request: ContainerCreateRequest) => create({ ...request, Image: ids.get(request.Image) ?? request.Image });
}

export type Stack = Awaited<ReturnType<typeof deployedStack>>;

/** Rolls the stack to an image the way `up` will, and records the release. */
export async function deploy(stack: Stack, stateDir: string, image: string) {
  const project = stack.project(image);
  const before = await observeProject(stack.engine, project);
  const rollout = planServiceRollout(project.services["api"] as Service, before.containers, `image ${image} changed`);
  const outcome = await executeRollout(rollout, { engine: stack.engine, project, events: stack.events, signal: stack.signal, waitTimeoutMs: 2000, settleMs: 0, configHash: serviceConfigHash, image });
  const imageId = (await stack.engine.inspectImage(image))?.Id ?? "";
  const after = await observeProject(stack.engine, project);
  const targets = new Map([["api", { imageId, cause: rollout.cause }]]);
  return recordRelease(stateDir, releaseOfRun({ project, command: "up", before, after, outcomes: [outcome], targets, otherFailures: [], at: "2026-11-23T08:40:00.000Z" }));
}
