import type { RolloutOutcome } from "../rollout/rollout-outcome.js";
import type { Diagnosis } from "../deploy/diagnose/diagnosis.js";
import type { DowntimeNotice } from "../rollout/downtime.js";
import type { FinalWatchRecord } from "../deploy/gates/final-watch.js";

/** What `berth up --json` prints: one machine-readable verdict. */
export interface UpResult {
  readonly ok: boolean;
  readonly project: string;
  readonly interrupted?: boolean;
  readonly services: readonly ServiceResult[];
  readonly warnings: readonly string[];
  /** The release recorded for this run (`berth history`), when something changed. */
  readonly release?: number;
  /** Services replaced by a rolling update, and how each ended. */
  readonly rollouts?: readonly RolloutOutcome[];
  /** Services the plan replaced with downtime (in place or stop-first), said before it ran. */
  readonly downtime?: readonly DowntimeNotice[];
  /** The final watch's windows (docs/up.md), when it watched anything. */
  readonly watch?: FinalWatchRecord;
}

export interface ServiceResult {
  readonly service: string;
  /** The engine's state of replica 1 (`running`, `exited`, ...), or `missing` / `not-started`. */
  readonly state: string;
  /** berth's verdict: `healthy`, `unhealthy`, `starting`, or `none` without a healthcheck. */
  readonly health: string;
  readonly startedAt: string | null;
  readonly healthyAt: string | null;
  readonly diagnoses: readonly Diagnosis[];
  /** A one-shot job (others wait for it to complete): `exited` with code 0 is its success. */
  readonly job?: boolean;
  /** The engine's exit code when the container is not running. */
  readonly exitCode?: number;
  /** How many times its container died during this run (the engine's `die` events), when it did. */
  readonly restarts?: number;
}
