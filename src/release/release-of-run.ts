import type { Project } from "../compose/model/project.js";
import { imageOf } from "../plan/desired.js";
import type { ObservedContainer, ObservedState } from "../plan/observed-state.js";
import type { RolloutOutcome } from "../rollout/rollout-outcome.js";
import type { Release, ReleaseOutcome, ServiceChange, ServiceRelease } from "./release.js";

/** What one run of `up` or `rollback` did, as the release recorder needs it. */
export interface RunSummary {
  readonly project: Project;
  readonly command: Release["command"];
  readonly rollbackOf?: number;
  readonly before: ObservedState;
  readonly after: ObservedState;
  readonly outcomes: readonly RolloutOutcome[];
  /** Image id each rolled service was meant to run, and why it changed. */
  readonly targets: ReadonlyMap<string, { readonly imageId: string; readonly cause: string }>;
  /** Failures outside rollouts (`up` steps that failed), one line each. */
  readonly otherFailures: readonly string[];
  readonly at: string;
}

/** Pure: the release record of a run, from the engine's state before and after it. */
export function releaseOfRun(run: RunSummary): Omit<Release, "id"> {
  const services = Object.values(run.project.services).flatMap((service) => {
    const running = primary(run.after, service.name);
    return running ? [{ service: service.name, image: imageOf(run.project, service), imageId: running.imageId, configHash: running.configHash ?? "" }] : [];
  });
  return {
    at: run.at,
    project: run.project.name,
    command: run.command,
    ...(run.rollbackOf === undefined ? {} : { rollbackOf: run.rollbackOf }),
    outcome: outcomeOf(run),
    changes: changesOf(run, services),
    services: services.sort((a, b) => a.service.localeCompare(b.service)),
    diagnoses: [...run.otherFailures, ...run.outcomes.flatMap(diagnosisLines)],
  };
}

function outcomeOf(run: RunSummary): ReleaseOutcome {
  if (run.outcomes.some((o) => o.status === "rolled-back")) return "rolled-back";
  if (run.otherFailures.length > 0 || run.outcomes.some((o) => o.failure)) return "failed";
  return "deployed";
}

/** Services whose running image or config differ from before, plus rollouts that were undone. */
function changesOf(run: RunSummary, services: readonly ServiceRelease[]): ServiceChange[] {
  const changes: ServiceChange[] = [];
  for (const now of services) {
    const was = primary(run.before, now.service);
    const target = run.targets.get(now.service);
    const changed = was?.id !== primary(run.after, now.service)?.id || was?.imageId !== now.imageId;
    if (!changed && !target) continue;
    const toImageId = target?.imageId ?? now.imageId;
    const cause = namingImageChange(target?.cause ?? (was ? "recreated" : "created"), was?.imageId, toImageId);
    changes.push({ service: now.service, fromImageId: was?.imageId, toImageId, cause });
  }
  return changes;
}

/**
 * A cause that does not say the image changed while it did (`config changed (hash …)` on a run
 * that also brought a new build) gets `new image` in front: history must name image changes.
 */
export function namingImageChange(cause: string, fromImageId: string | undefined, toImageId: string): string {
  if (fromImageId === undefined || fromImageId === toImageId || /\bimage\b/.test(cause)) return cause;
  return `new image; ${cause}`;
}

function diagnosisLines(outcome: RolloutOutcome): string[] {
  if (!outcome.failure) return [];
  const first = outcome.failure.diagnoses[0];
  const why = first ? `${first.message} (hint: ${first.hint})` : outcome.failure.detail;
  return [`${outcome.service}: ${outcome.failure.reason}: ${why}; ${outcome.status}`];
}

/** Replica 1 of a service (the lowest running number), which stands for the service. */
function primary(state: ObservedState, service: string): ObservedContainer | undefined {
  return state.containers.filter((c) => c.service === service && !c.oneoff && c.status === "running").sort((a, b) => a.number - b.number)[0];
}
