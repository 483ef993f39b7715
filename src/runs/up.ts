import { recoverInterrupted as repairBackupRun } from "../backup/recover.js";
import { stopLedgerIn } from "../backup/stop-ledger.js";
import type { Redactor } from "../common/redact.js";
import type { FailOn } from "../report/verdict.js";
import type { Plan } from "../plan/plan.js";
import type { SplitPlan } from "../rollout/up-rollouts.js";
import type { VerifiedDeployment } from "../verify/verify-deployment.js";
import { deployProject, type DeployOptions } from "./deploy-project.js";
import { lockedRun } from "./journalled-run.js";
import { upResultEntries } from "./up-entries.js";
import type { UpResult } from "./up-result.js";
import { isVerified } from "./verified.js";

export interface UpRunOptions extends Omit<DeployOptions, "stateDir" | "events"> {
  readonly stateDir: string;
  readonly redactor: Redactor;
  /** `up --verify`: once the stack is up, probe it in the same run and save the report. */
  readonly verify: boolean;
  /** `up --verify --fail-on`: check findings at or above it fail the verdict. */
  readonly failOn?: FailOn;
  readonly onLockWait?: (holder: string) => void;
  /** Called as soon as the stack converged, before any probe runs. */
  readonly onDeployed?: (result: UpResult) => void;
  /** One line per repair of what a killed backup or restore left (helpers, stopped containers). */
  readonly onRepaired?: (line: string) => void;
}

export interface UpRun {
  readonly result: UpResult;
  readonly verified?: VerifiedDeployment | undefined;
  /** The journalled run; none for a dry run, which changes nothing and records nothing. */
  readonly runId?: string;
}

/**
 * `berth up` as a run, under the project lock: converge (deploy-project.ts), journal each service's
 * times and diagnoses, then with --verify probe the stack and save the report, all in one journal
 * that ends with `run-finished` even when something throws.
 */
export async function runUp(options: UpRunOptions): Promise<UpRun> {
  // A dry run changes nothing, so it neither waits for the lock nor records a run.
  if (options.dryRun === true) return { result: await deployProject(options) };
  const command = options.verify ? "up --verify" : "up";
  return lockedRun({ ...options, command, redact: options.redactor.data }, async ({ journal, events }) => {
    // The services this run's plan changes: only their times go into the journal.
    let changed: ReadonlySet<string> = new Set();
    const onPlan = (plan: Plan, split: SplitPlan): void => {
      // Every service the plan touches, berth's own included (a port holder is not in the files).
      changed = new Set(plan.steps.flatMap((step) => ("service" in step.operation ? [step.operation.service] : [])));
      options.onPlan?.(plan, split);
    };
    // A backup or restore killed mid-way left helpers running or services stopped: put them back first.
    const ledger = stopLedgerIn(options.stateDir);
    for (const line of await repairBackupRun({ engine: options.engine, project: options.project.name, ledger, backupDir: options.stateDir, services: [], signal: options.signal })) options.onRepaired?.(line);
    const result = await deployProject({ ...options, events, onPlan });
    options.onDeployed?.(result);
    for (const entry of upResultEntries(result, changed)) await journal.append(entry);
    // Loaded only for --verify: the probes and the doctor's rules are most of berth's modules, and
    // a plain up should not pay their start-up time.
    const verified = options.verify && result.ok ? await (await import("../verify/verify-deployment.js")).verifyDeployment({ ...options, journal }) : undefined;
    return { result, verified, runId: journal.runId };
  }, endOfUp);
}

function endOfUp(run: UpRun): { ok: boolean; interrupted: boolean } {
  return { ok: run.result.ok && (run.verified === undefined || isVerified(run.verified)), interrupted: run.result.interrupted === true };
}
