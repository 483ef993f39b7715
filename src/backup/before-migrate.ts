import { OperationFailed } from "../common/errors.js";
import type { Project } from "../compose/model/project.js";
import type { Engine } from "../engine/engine.js";
import { isJob } from "../plan/desired.js";
import type { Plan } from "../plan/plan.js";
import { backupSettings, storageOf } from "./backup-settings.js";
import { projectStateDir } from "../deploy/state-dir.js";
import { runBackups, type BackupEvent, type BackupOutcome } from "./run-backup.js";
import { stopGraceFrom, stopLedgerIn } from "./stop-ledger.js";
import { selectBackupTargets } from "./select-driver.js";
import { findServiceInstance } from "./service-instance.js";

const runsContainer = new Set(["create-container", "recreate-container", "start-container", "restart-container"]);

/** The migration jobs (services others wait on to complete successfully) a plan is about to run. */
export function migrationJobsIn(project: Project, plan: Plan): string[] {
  const services = plan.steps.flatMap((step) => (runsContainer.has(step.operation.kind) && "service" in step.operation ? [step.operation.service] : []));
  return [...new Set(services)].filter((service) => isJob(project, service)).sort();
}

export interface BeforeMigrateOptions {
  readonly engine: Engine;
  readonly project: Project;
  /** The plan `up` is about to execute. */
  readonly plan: Plan;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly berthVersion: string;
  readonly signal?: AbortSignal;
  readonly onEvent?: (event: BackupEvent) => void;
}

export type BeforeMigrateResult =
  | { readonly ran: false; readonly reason: string }
  | { readonly ran: true; readonly jobs: readonly string[]; readonly outcomes: readonly BackupOutcome[] };

/**
 * `x-berth.backup.before_migrate: true`: when the plan runs a migration job, back up (and drill)
 * every stateful service that is already running first. A failed or unproven backup throws, so
 * `up` stops before the migration touches the data. Fresh stores (not running yet) hold nothing
 * to lose and are skipped. The caller holds the project lock.
 */
export async function backupBeforeMigrate(options: BeforeMigrateOptions): Promise<BeforeMigrateResult> {
  const settings = backupSettings(options.project, options.env, { cwd: options.project.meta.workingDir });
  if (!settings.beforeMigrate) return { ran: false, reason: "x-berth.backup.before_migrate is not set" };
  const jobs = migrationJobsIn(options.project, options.plan);
  if (jobs.length === 0) return { ran: false, reason: "the plan runs no migration job" };
  const targets = await runningTargets(options);
  if (targets.length === 0) return { ran: false, reason: "no stateful service is running yet: nothing to lose" };
  const outcomes = await runBackups({
    engine: options.engine,
    project: options.project.name,
    targets,
    ledger: stopLedgerIn(projectStateDir(options.project.name, options.env)),
    stopGraceSeconds: stopGraceFrom(options.project),
    ...storageOf(settings),
    drill: true,
    berthVersion: options.berthVersion,
    timeoutMs: 3_600_000,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.onEvent === undefined ? {} : { onEvent: options.onEvent }),
  });
  const failed = outcomes.filter((outcome) => !outcome.ok);
  if (failed.length > 0) {
    const why = failed.map((outcome) => `${outcome.service}: ${outcome.error ?? outcome.stored?.manifest.drill?.error ?? "drill failed"}`).join("; ");
    throw new OperationFailed("backup.before-migrate", `not running ${jobs.join(", ")}: the backup before the migration is not proven (${why})`, { hint: "fix the backup (berth backup) or unset x-berth.backup.before_migrate" });
  }
  return { ran: true, jobs, outcomes };
}

async function runningTargets(options: BeforeMigrateOptions) {
  const targets = selectBackupTargets(options.project);
  const running = await Promise.all(targets.map((target) => findServiceInstance(options.engine, options.project.name, target.service).then(() => true, () => false)));
  return targets.filter((_, index) => running[index]);
}
