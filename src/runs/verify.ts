import type { Redactor } from "../common/redact.js";
import type { Project } from "../compose/model/project.js";
import type { Engine } from "../engine/engine.js";
import { verifyDeployment, type DeploymentTarget, type VerifiedDeployment } from "../verify/verify-deployment.js";
import type { InferMode } from "../verify/verify-project.js";
import type { FailOn } from "../report/verdict.js";
import { lockedRun } from "./journalled-run.js";
import { isVerified } from "./verified.js";

export interface VerifyRunOptions {
  readonly engine: Engine;
  readonly project: Project;
  readonly stateDir: string;
  readonly redactor: Redactor;
  readonly signal: AbortSignal;
  readonly infer?: InferMode;
  /** Only the probes with these names. */
  readonly only?: readonly string[];
  /** `--fail-on`: check findings at or above it fail the verdict. */
  readonly failOn?: FailOn;
  readonly onLockWait?: (holder: string) => void;
  /** A Swarm manager's stack (src/swarm/verify-target.ts): probes from its overlay networks, state from its tasks. */
  readonly target?: DeploymentTarget;
}

export interface VerifyRun extends VerifiedDeployment {
  readonly runId: string;
}

/**
 * `berth verify` and the dashboard's "Verify now": probes, evidence and report as one journalled
 * run, under the project lock. Persistence probes write markers and restart datastores, and any
 * probe beside an `up` or a restore would judge a half-changed stack.
 */
export async function runVerify(options: VerifyRunOptions): Promise<VerifyRun> {
  return lockedRun(
    { ...options, command: "verify", redact: options.redactor.data },
    async ({ journal }) => ({ ...(await verifyDeployment({ ...options, journal })), runId: journal.runId }),
    (run) => ({ ok: isVerified(run) }),
  );
}

