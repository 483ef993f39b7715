import type { RolloutOutcome } from "./rollout-outcome.js";
import type { ServiceRollout } from "./rollout-plan.js";
import { grantProblem } from "../plan/mounted-files.js";
import { executeRollout, type RolloutOptions } from "./execute-rollout.js";

/**
 * Rolls services one after another in the given (dependency) order. After a failure that was
 * rolled back or paused the remaining services are left as they are: one bad release at a time.
 */
export async function runRollouts(rollouts: readonly ServiceRollout[], options: Omit<RolloutOptions, "image">, imageOf: (service: string) => string): Promise<RolloutOutcome[]> {
  const outcomes: RolloutOutcome[] = [];
  for (const rollout of rollouts) {
    if (options.signal.aborted) break;
    options.onStep?.(rollout.service, `rolling: ${rollout.policy.order}, ${rollout.cause}`);
    const outcome = filesRefused(rollout, options) ?? (await executeRollout(rollout, { ...options, image: imageOf(rollout.service) }));
    outcomes.push(outcome);
    if (outcome.status === "rolled-back" || outcome.status === "paused") break;
  }
  return outcomes;
}

/** A secret or config the service cannot be given (unset variable, missing file): paused before any replica is touched. */
function filesRefused(rollout: ServiceRollout, options: Omit<RolloutOptions, "image">): RolloutOutcome | undefined {
  const service = options.project.services[rollout.service];
  const problem = service ? grantProblem(options.project, service) : undefined;
  if (problem === undefined) return undefined;
  const at = (options.now ?? Date.now)();
  return { service: rollout.service, status: "paused", swapped: [], failure: { reason: "secrets-or-configs", detail: problem, diagnoses: [] }, startedAt: at, finishedAt: at };
}
