import type { Redactor } from "../common/redact.js";
import type { Project } from "../compose/model/project.js";
import { runBackups, type BackupEvent, type BackupOutcome, type BackupRunOptions } from "../backup/run-backup.js";
import { stopGraceFrom, stopLedgerIn } from "../backup/stop-ledger.js";
import type { Journal } from "../journal/journal.js";
import type { Engine } from "../deploy/engine-port.js";
import { runSwarmBackups, type SwarmBackupOptions } from "../backup/swarm-backup.js";
import { lockedRun } from "./journalled-run.js";

export interface BackupRunSpec extends Omit<BackupRunOptions, "project"> {
  readonly project: Project;
  readonly stateDir: string;
  readonly redactor: Redactor;
  readonly signal: AbortSignal;
  readonly onLockWait?: (holder: string) => void;
}

export interface BackupRun {
  readonly runId: string;
  readonly outcomes: readonly BackupOutcome[];
}

/**
 * `berth backup` and the dashboard's "Back up now" as one run: under the project lock (a backup
 * stops nothing, but never beside a restore or an `up` that replaces the datastore), journalled
 * with one step per service, so run history shows backups and their drills.
 */
export async function runBackup(spec: BackupRunSpec): Promise<BackupRun> {
  return lockedRun(
    { ...spec, command: spec.drill ? "backup" : "backup --no-drill", redact: spec.redactor.data },
    async ({ journal }) => {
      const started = new Map<string, number>();
      const onEvent = (event: BackupEvent): void => {
        if (event.kind === "started") started.set(event.service, Date.now());
        spec.onEvent?.(event);
      };
      // The ledger and stop grace by default, so every caller records what it stops and repairs a killed run first.
      const outcomes = await runBackups({ ledger: stopLedgerIn(spec.stateDir), stopGraceSeconds: stopGraceFrom(spec.project), ...spec, project: spec.project.name, onEvent });
      for (const outcome of outcomes) await journalBackup(journal, outcome, started.get(outcome.service) ?? Date.now(), spec.drill);
      return { runId: journal.runId, outcomes };
    },
    (run) => ({ ok: run.outcomes.every((outcome) => outcome.ok) }),
  );
}

async function journalBackup(journal: Journal, outcome: BackupOutcome, startedAt: number, drill: boolean): Promise<void> {
  const drilled = outcome.stored?.manifest.drill;
  const node = outcome.stored?.manifest.node === undefined ? "" : ` (on ${outcome.stored.manifest.node})`;
  const detail = outcome.error ?? [outcome.stored === undefined ? undefined : `${outcome.stored.artifactPath}${node}`, drilled === undefined ? "not drilled" : drilled.ok ? "restore drill passed" : "restore drill FAILED"].filter(Boolean).join(": ");
  await journal.append({
    type: "step",
    service: outcome.service,
    operation: "backup",
    cause: drill ? "backup, proven by a restore drill" : "backup",
    outcome: outcome.ok ? "ok" : "failed",
    startedAt: new Date(startedAt).toISOString(),
    endedAt: new Date().toISOString(),
    detail,
  });
}

export interface SwarmBackupRunSpec extends Omit<SwarmBackupOptions, "project" | "engine"> {
  readonly engine: Engine;
  readonly project: Project;
  readonly stateDir: string;
  readonly redactor: Redactor;
  readonly signal: AbortSignal;
  readonly onLockWait?: (holder: string) => void;
}

/** `berth backup` on a Swarm manager: the same run (lock, journal, one step per service), the jobs on the datastores' nodes. */
export async function runSwarmBackup(spec: SwarmBackupRunSpec): Promise<BackupRun> {
  return lockedRun(
    { ...spec, command: spec.drill ? "backup (swarm)" : "backup --no-drill (swarm)", redact: spec.redactor.data },
    async ({ journal }) => {
      const started = new Map<string, number>();
      const onEvent = (event: BackupEvent): void => {
        if (event.kind === "started") started.set(event.service, Date.now());
        spec.onEvent?.(event);
      };
      const outcomes = await runSwarmBackups({ ...spec, project: spec.project.name, onEvent });
      for (const outcome of outcomes) await journalBackup(journal, outcome, started.get(outcome.service) ?? Date.now(), spec.drill);
      return { runId: journal.runId, outcomes };
    },
    (run) => ({ ok: run.outcomes.every((outcome) => outcome.ok) }),
  );
}
