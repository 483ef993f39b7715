import type { Engine } from "../../engine/engine.js";
import { isVerified } from "../../runs/verified.js";
import { runVerify } from "../../runs/verify.js";
import type { ServedProject } from "../served-project.js";
import type { ActionResult } from "../server-context.js";

/** "Verify now": the same run as `berth verify` (lock, journal, probes, saved report). */
export async function verifyNow(engine: Engine, served: ServedProject, signal: AbortSignal): Promise<ActionResult> {
  const verified = await runVerify({ engine, project: served.project, stateDir: served.stateDir, redactor: served.redactor, signal });
  const passed = verified.outcome.evidence.filter((e) => e.ok).length;
  return {
    ok: isVerified(verified),
    runId: verified.runId,
    summary: `${passed}/${verified.outcome.evidence.length} probes passed; verdict ${verified.report.verdict.status}`,
    detail: { verdict: verified.report.verdict, probes: verified.outcome.evidence },
  };
}
