import type { Project, Service } from "../compose/model/project.js";
import type { Engine } from "../deploy/engine-port.js";
import type { EventHub } from "../deploy/event-hub.js";
import { observeProject } from "../deploy/observe.js";
import { serviceConfigHash } from "../engine/config-hash.js";
import { imageOf } from "../plan/desired.js";
import type { ObservedState } from "../plan/observed-state.js";
import type { Plan } from "../plan/plan.js";
import type { Release } from "../release/release.js";
import { releaseOfRun } from "../release/release-of-run.js";
import { recordRelease } from "../release/release-store.js";
import type { RolloutOutcome, VerifyVerdict } from "./rollout-outcome.js";
import type { ServiceRollout } from "./rollout-plan.js";
import { runRollouts } from "./run-rollouts.js";
import { selectRollouts, withoutRollouts } from "./select-rollouts.js";

/** The plan `up` executes in place, and the services it rolls afterwards. */
export interface SplitPlan {
  readonly plan: Plan;
  readonly rollouts: readonly ServiceRollout[];
}

/** Pure: takes rolling services out of `up`'s plan, and warns about leftovers of a rollout. */
export function splitForRollouts(project: Project, observed: ObservedState, plan: Plan): SplitPlan {
  const rollouts = selectRollouts(project, observed, plan);
  const split = withoutRollouts(plan, new Set(rollouts.map((r) => r.service)));
  return { plan: { ...split, warnings: [...split.warnings, ...leftoverWarnings(observed)] }, rollouts };
}

/**
 * A rollout stopped midway (Ctrl-C, a killed berth) leaves a successor under its temporary name
 * or a retired replica beside the service's own container: berth will not guess which to keep.
 */
function leftoverWarnings(observed: ObservedState): string[] {
  const leftover = observed.containers.filter((c) => !c.oneoff && (c.name.endsWith("_next") || /^[0-9a-f]{12}_/.test(c.name)));
  return leftover.map((c) => `${c.name} (service ${c.service}) is left from an interrupted rollout: remove it with \`docker rm -f ${c.name}\` once the service runs as wanted`);
}

export interface UpRolloutOptions {
  readonly engine: Engine;
  readonly project: Project;
  readonly events: EventHub;
  readonly signal: AbortSignal;
  readonly waitTimeoutMs: number;
  readonly settleMs: number;
  /** Where releases are recorded; none: nothing is recorded. */
  readonly stateDir?: string | undefined;
  readonly verify?: ((service: string, containerId: string) => Promise<VerifyVerdict>) | undefined;
  readonly onStep?: ((service: string, message: string) => void) | undefined;
}

export interface UpRolloutResult {
  readonly outcomes: readonly RolloutOutcome[];
  readonly release: Release | undefined;
}

/**
 * After `up` ran the rest of its plan: roll the selected services (skipping those whose image
 * failed to build) and record the release. `failed` lists services the plan failed on, as lines.
 */
export async function rollAndRecord(options: UpRolloutOptions, split: SplitPlan, before: ObservedState, failed: ReadonlyMap<string, string>): Promise<UpRolloutResult> {
  const rollouts = split.rollouts.filter((r) => !failed.has(r.service));
  const image = (service: string) => imageOf(options.project, options.project.services[service] as Service);
  const outcomes = await runRollouts(rollouts, { ...options, configHash: serviceConfigHash }, image);
  if (!options.stateDir) return { outcomes, release: undefined };
  const after = await observeProject(options.engine, options.project);
  const targets = new Map(rollouts.map((r) => [r.service, { imageId: after.images[image(r.service)] ?? "", cause: r.cause }]));
  const otherFailures = [...failed].map(([service, error]) => `${service}: ${error}`);
  const draft = releaseOfRun({ project: options.project, command: "up", before, after, outcomes, targets, otherFailures, at: new Date().toISOString() });
  const changed = draft.changes.length > 0 || draft.outcome !== "deployed";
  return { outcomes, release: changed ? await recordRelease(options.stateDir, draft) : undefined };
}
