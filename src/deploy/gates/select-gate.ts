import type { GateKind } from "../../plan/plan.js";
import { completedGate } from "./completed-gate.js";
import type { Gate } from "./gate.js";
import { healthyGate } from "./healthy-gate.js";
import { startedStableGate } from "./started-stable-gate.js";

/** The gate for a `depends_on` condition or a service's own readiness, as the plan names it. */
export function selectGate(kind: GateKind): Gate {
  if (kind === "healthy") return healthyGate;
  if (kind === "completed") return completedGate;
  return startedStableGate;
}
