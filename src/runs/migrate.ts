import type { Redactor } from "../common/redact.js";
import type { Project } from "../compose/model/project.js";
import { runMigrations, type MigrateOptions, type MigrateResult } from "../migrate/run-migrations.js";
import { recordEvent } from "../release/record-event.js";
import { lockedRun } from "./journalled-run.js";

export interface MigrateRunSpec extends Omit<MigrateOptions, "project"> {
  readonly project: Project;
  readonly stateDir: string;
  readonly redactor: Redactor;
  readonly signal: AbortSignal;
  readonly onLockWait?: (holder: string) => void;
}

export interface MigrateRun extends MigrateResult {
  readonly runId: string;
}

/**
 * `berth migrate` as one run: under the project lock (it changes the database schema, which an
 * `up` or a restore beside it would not expect), journalled with one step per applied file.
 */
export async function runMigrate(spec: MigrateRunSpec): Promise<MigrateRun> {
  return lockedRun(
    { ...spec, command: "migrate", redact: spec.redactor.data },
    async ({ journal }) => {
      const startedAt = new Date().toISOString();
      const result = await runMigrations({ ...spec, project: spec.project.name });
      const endedAt = new Date().toISOString();
      for (const file of result.applied) await journal.append({ type: "step", service: spec.settings.service, operation: "migrate", cause: `pending migration ${file}`, outcome: "ok", startedAt, endedAt });
      // A migrate that applied nothing changed nothing: history records only what changed the stack.
      if (result.applied.length > 0) await recordEvent(spec.stateDir, { project: spec.project.name, command: "migrate", ok: true, note: `applied ${result.applied.length} migration(s) to ${spec.settings.service}: ${result.applied.join(", ")}` });
      return { ...result, runId: journal.runId };
    },
    () => ({ ok: true }),
  );
}
