import { EventHub } from "../../deploy/event-hub.js";
import { lockProject } from "../../deploy/lock.js";
import type { Engine } from "../../engine/engine.js";
import { rollbackProject } from "../../release/rollback-project.js";
import { rolloutSettleMs } from "../../rollout/settle.js";
import type { ServedProject } from "../served-project.js";
import type { ActionResult } from "../server-context.js";

const waitTimeoutMs = 300_000;

/** "Roll back": the same run as `berth rollback` (previous deployed release, start-first), under the project lock. */
export async function rollBackNow(engine: Engine, served: ServedProject, signal: AbortSignal, env: Readonly<Record<string, string | undefined>>): Promise<ActionResult> {
  const lock = await lockProject({ stateDir: served.stateDir, timeoutMs: 30_000, signal });
  const events = new EventHub();
  const stop = new AbortController();
  const streaming = events.run(engine, served.name, AbortSignal.any([stop.signal, signal]));
  try {
    const result = await rollbackProject({ engine, project: served.project, stateDir: served.stateDir, events, signal, waitTimeoutMs, settleMs: rolloutSettleMs(env) });
    const ok = result.release.outcome === "deployed";
    return { ok, summary: `rollback to release #${result.target.id}: ${result.release.outcome} (recorded as #${result.release.id})`, detail: { changes: result.release.changes, diagnoses: result.release.diagnoses, warnings: result.warnings } };
  } finally {
    stop.abort();
    await streaming;
    await lock.release();
  }
}
