import type { GateProbeFailure } from "../deploy/diagnose/gate-failed.js";
import type { Diagnosis } from "../deploy/diagnose/diagnosis.js";

/** How a service's rollout ended. */
export type RolloutStatus = "replaced" | "rolled-back" | "paused" | "continued-after-failure";

/** One replica as it ended up: the old container and its successor. */
export interface SwappedReplica {
  readonly number: number;
  readonly oldId: string;
  readonly newId: string;
}

export interface RolloutFailure {
  /** `unhealthy`, `timeout`, `exited`, `verify`, ... */
  readonly reason: string;
  readonly detail: string;
  readonly diagnoses: readonly Diagnosis[];
}

export interface RolloutOutcome {
  readonly service: string;
  readonly status: RolloutStatus;
  readonly swapped: readonly SwappedReplica[];
  readonly failure?: RolloutFailure;
  /** Epoch ms the rollout began and ended. */
  readonly startedAt: number;
  readonly finishedAt: number;
}

/** A `gate: true` verify probe's verdict on a successor, after it is healthy. */
export interface VerifyVerdict {
  readonly ok: boolean;
  readonly detail: string;
  /** The new container's name, when a probe failed on it. */
  readonly container?: string | undefined;
  /** The gate probes that failed, for the diagnosis. */
  readonly failed?: readonly GateProbeFailure[] | undefined;
}
