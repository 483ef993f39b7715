import { renderPlan } from "../plan/plan.js";
import { renderDowntime } from "./downtime.js";
import { describeRecovery } from "./interrupted.js";
import { renderRollout } from "./rollout-plan.js";
import type { SplitPlan } from "./up-rollouts.js";

/**
 * `up --dry-run`: first the services the update takes down (published ones first), what an interrupted rollout left and how it is converged first, the steps
 * run in place, then the rollouts (order, batches, why, gate probes) that follow them.
 */
export function renderSplitPlan(split: SplitPlan): string {
  const recovery = split.recovery.map((r) => `  ${r.service}: ${describeRecovery(r)}\n`);
  const rollouts = split.rollouts.map((r) => renderRollout(r, (split.gates.get(r.service) ?? []).map((probe) => probe.name)));
  return [
    renderDowntime(split.downtime),
    ...(recovery.length > 0 ? ["first, converge what an interrupted rollout left:\n", ...recovery] : []),
    ...(split.plan.steps.length + split.plan.warnings.length > 0 || rollouts.length === 0 ? [renderPlan(split.plan)] : []),
    ...(rollouts.length > 0 ? ["then roll, one service at a time:\n", ...rollouts] : []),
  ].join("");
}
