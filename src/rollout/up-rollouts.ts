import type { Project } from "../compose/model/project.js";
import type { ObservedState } from "../plan/observed-state.js";
import type { Plan } from "../plan/plan.js";
import type { ServiceRollout } from "./rollout-plan.js";
import { downtimeNotices, type DowntimeNotice } from "./downtime.js";
import { gateProbesByService, type GateProbe } from "./gate-probes.js";
import { afterRecovery, planRecovery, type Recovery } from "./interrupted.js";
import { selectRollouts, withoutRollouts } from "./select-rollouts.js";

/** The plan `up` executes in place, the services it rolls afterwards, and what they need. */
export interface SplitPlan {
  readonly plan: Plan;
  readonly rollouts: readonly ServiceRollout[];
  /** `gate: true` probes by service, read only when something rolls. */
  readonly gates: ReadonlyMap<string, readonly GateProbe[]>;
  /** What an interrupted rollout left (none in a real run: `up` recovers before it plans). */
  readonly recovery: readonly Recovery[];
  /** Services replaced with downtime (in place or stop-first), published ones first. */
  readonly downtime: readonly DowntimeNotice[];
}

/**
 * Pure: takes rolling services out of `up`'s plan (made from the state after recovering from an
 * interrupted rollout, see interrupted.ts). Gate probes are read here, before anything changes,
 * so a malformed `x-berth.verify` stops the run with nothing touched.
 */
export function splitForRollouts(project: Project, observed: ObservedState, plan: Plan): SplitPlan {
  const recovery = planRecovery(observed);
  const rollouts = selectRollouts(project, afterRecovery(observed, recovery), plan);
  const split = withoutRollouts(plan, new Set(rollouts.map((r) => r.service)));
  const downtime = downtimeNotices(project, afterRecovery(observed, recovery), split, rollouts);
  return { plan: split, rollouts, gates: rollouts.length > 0 ? gateProbesByService(project) : new Map(), recovery, downtime };
}
