import type { RolloutOutcome } from "./rollout-outcome.js";
import type { ServiceRollout } from "./rollout-plan.js";
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
    const outcome = await executeRollout(rollout, { ...options, image: imageOf(rollout.service) });
    outcomes.push(outcome);
    if (outcome.status === "rolled-back" || outcome.status === "paused") break;
  }
  return outcomes;
}
