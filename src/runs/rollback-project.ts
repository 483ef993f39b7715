import type { Project, Service } from "../compose/model/project.js";
import { OperationFailed } from "../common/errors.js";
import type { Engine } from "../deploy/engine-port.js";
import type { EventHub } from "../deploy/event-hub.js";
import { observeProject } from "../deploy/observe.js";
import { configHashOf } from "../plan/mounted-files.js";
import type { ObservedState } from "../plan/observed-state.js";
import type { RolloutOutcome } from "../rollout/rollout-outcome.js";
import { planServiceRollout, type ServiceRollout } from "../rollout/rollout-plan.js";
import { recoverInterrupted } from "../rollout/interrupted.js";
import { runRollouts } from "../rollout/run-rollouts.js";
import { previousDeployed, type Release, type ServiceRelease } from "../release/release.js";
import { releaseOfRun } from "../release/release-of-run.js";
import { readReleases, recordRelease } from "../release/release-store.js";
import { shortImageId } from "../release/render-history.js";
import { withEdges } from "../edge/edge-services.js";
import { imageOf } from "../plan/desired.js";
import { pinsAfterRollback, readPins, writePins, type Pin } from "../release/pins.js";

export interface RollbackOptions {
  readonly engine: Engine;
  readonly project: Project;
  readonly stateDir: string;
  readonly events: EventHub;
  readonly signal: AbortSignal;
  readonly waitTimeoutMs: number;
  readonly settleMs: number;
  readonly onStep?: (service: string, message: string) => void;
  readonly now?: () => number;
}

export interface RollbackResult {
  readonly target: Release;
  /** None when every service already ran the target's images: nothing changed, nothing recorded. */
  readonly release: Release | undefined;
  readonly outcomes: readonly RolloutOutcome[];
  /** Things the rollback could not restore (config that changed since). */
  readonly warnings: readonly string[];
}

/**
 * `berth rollback`: back to the deployed release before the latest one. Every service whose
 * running image differs from the recorded image id is rolled (rollback_config, start-first where
 * possible) onto that id; the rollback is itself recorded as a release.
 */
export async function rollbackProject(input: RollbackOptions): Promise<RollbackResult> {
  // The project as `up` deployed it: published services behind their port holders (edge/).
  const options = { ...input, project: withEdges(input.project) };
  const target = previousDeployed(await readReleases(options.stateDir));
  if (!target) throw new OperationFailed("rollback-nothing", `no earlier deployed release of ${options.project.name} is recorded`, { hint: "`berth history` lists what was recorded; rollback needs two deployed releases" });
  // A berth killed mid-rollout left a successor beside a replica: converge first, as `up` does,
  // or the planner would take the leftover for a replica to replace.
  await recoverInterrupted(options.engine, options.project, await observeProject(options.engine, options.project), options.onStep);
  const before = await observeProject(options.engine, options.project);
  const rollouts = await planRollbacks(options, target, before);
  const warnings = configWarnings(options.project, target);
  if (rollouts.length === 0) {
    await writePins(options.stateDir, pinsAfterRollback(await readPins(options.stateDir), pinsOf(options.project, target, before)));
    return { target, release: undefined, outcomes: [], warnings };
  }
  const targets = new Map(rollouts.map((r) => [r.service, { imageId: imageIdIn(target, r.service), cause: r.cause }]));
  const outcomes = await runRollouts(rollouts, { ...options, configHash: configHashOf(options.project) }, (service) => imageIdIn(target, service));
  const after = await observeProject(options.engine, options.project);
  const at = new Date((options.now ?? Date.now)()).toISOString();
  const draft = releaseOfRun({ project: options.project, command: "rollback", rollbackOf: target.id, before, after, outcomes, targets, otherFailures: [], at });
  const release = await recordRelease(options.stateDir, draft);
  await writePins(options.stateDir, pinsAfterRollback(await readPins(options.stateDir), pinsOf(options.project, target, after)));
  return { target, release, outcomes, warnings };
}

/**
 * The services that run the target's image after the rollback while their image reference points
 * elsewhere: `up` keeps them there until told otherwise (release/pins.ts).
 */
export function pinsOf(project: Project, target: Release, after: ObservedState): Pin[] {
  return target.services.flatMap((recorded) => {
    const service = project.services[recorded.service];
    const running = after.containers.filter((c) => c.service === recorded.service && !c.oneoff && c.status === "running");
    if (!service || running.length === 0 || running.some((c) => c.imageId !== recorded.imageId)) return [];
    const image = imageOf(project, service);
    if (after.images[image] === recorded.imageId) return [];
    return [{ service: recorded.service, image, imageId: recorded.imageId, release: target.id }];
  });
}

async function planRollbacks(options: RollbackOptions, target: Release, before: ObservedState): Promise<ServiceRollout[]> {
  const rollouts: ServiceRollout[] = [];
  for (const recorded of target.services) {
    const service = options.project.services[recorded.service];
    const running = before.containers.filter((c) => c.service === recorded.service && !c.oneoff && c.status === "running");
    if (!service || running.length === 0 || running.every((c) => c.imageId === recorded.imageId)) continue;
    await requireImage(options.engine, recorded);
    rollouts.push(planServiceRollout(service, running, `rollback to #${target.id} (image ${shortImageId(recorded.imageId)})`, "rollback"));
  }
  return rollouts;
}

async function requireImage(engine: Engine, recorded: ServiceRelease): Promise<void> {
  if (await engine.inspectImage(recorded.imageId)) return;
  throw new OperationFailed("rollback-image-missing", `image ${shortImageId(recorded.imageId)} of ${recorded.service} (${recorded.image}) is no longer on this engine`, {
    hint: "it was removed (docker image prune?); rebuild that version and run berth up instead",
  });
}

function imageIdIn(release: Release, service: string): string {
  return release.services.find((s) => s.service === service)?.imageId ?? "";
}

/** Only images go back: configuration comes from the files as they are now. */
function configWarnings(project: Project, target: Release): string[] {
  return target.services.flatMap((recorded) => {
    const service: Service | undefined = project.services[recorded.service];
    // The image goes back by id whatever the tag says now: the tag is no configuration change.
    if (!service || configHashOf(project)(service.image === undefined ? service : { ...service, image: recorded.image }) === recorded.configHash) return [];
    return [`${recorded.service}: its configuration changed since #${target.id}; only the image was rolled back (revert the compose change and run berth up for the rest)`];
  });
}
