import { backupSettings, storageOf } from "../../backup/backup-settings.js";
import { selectBackupTargets } from "../../backup/select-driver.js";
import type { Engine } from "../../engine/engine.js";
import { runBackup } from "../../runs/backup.js";
import type { ServedProject } from "../served-project.js";
import type { ActionResult } from "../server-context.js";

export interface BackUpNowOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly berthVersion: string;
}

/** "Back up now": the same run as `berth backup` (every driver, with its restore drill, locked and journalled). */
export async function backUpNow(engine: Engine, served: ServedProject, signal: AbortSignal, options: BackUpNowOptions): Promise<ActionResult> {
  const targets = selectBackupTargets(served.project);
  if (targets.length === 0) return { ok: false, summary: `project ${served.name} has no service with a backup driver` };
  const settings = backupSettings(served.project, options.env, { cwd: options.cwd });
  const { runId, outcomes } = await runBackup({
    engine,
    project: served.project,
    stateDir: served.stateDir,
    redactor: served.redactor,
    targets,
    ...storageOf(settings),
    drill: true,
    berthVersion: options.berthVersion,
    timeoutMs: 3_600_000,
    signal,
  });
  const proven = outcomes.filter((o) => o.ok).map((o) => o.service);
  return { ok: proven.length === outcomes.length, runId, summary: `${proven.length}/${outcomes.length} backups proven by a restore drill`, detail: outcomes.map((o) => ({ service: o.service, ok: o.ok, drill: o.stored?.manifest.drill ?? null })) };
}
