import type { Engine } from "../../engine/engine.js";
import { runRollback } from "../../runs/rollback.js";
import { rolloutSettleMs } from "../../rollout/settle.js";
import type { ServedProject } from "../served-project.js";
import type { ActionResult } from "../server-context.js";

const waitTimeoutMs = 300_000;

/** "Roll back": the same run as `berth rollback` (previous deployed release, start-first, journalled, under the project lock). */
export async function rollBackNow(engine: Engine, served: ServedProject, signal: AbortSignal, env: Readonly<Record<string, string | undefined>>): Promise<ActionResult> {
  const result = await runRollback({ engine, project: served.project, stateDir: served.stateDir, signal, waitTimeoutMs, settleMs: rolloutSettleMs(env), redact: served.redactor.data });
  if (result.release === undefined) {
    return { ok: true, runId: result.runId, summary: `rollback to release #${result.target.id}: nothing to do, every service already runs its images (not recorded)`, detail: { changes: [], diagnoses: [], warnings: result.warnings } };
  }
  const ok = result.release.outcome === "deployed";
  return { ok, runId: result.runId, summary: `rollback to release #${result.target.id}: ${result.release.outcome} (recorded as #${result.release.id})`, detail: { changes: result.release.changes, diagnoses: result.release.diagnoses, warnings: result.warnings } };
}
