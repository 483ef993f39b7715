import type { Engine } from "../../engine/engine.js";
import { newRunId, openJournal } from "../../journal/journal.js";
import { verifyDeployment } from "../../verify/verify-deployment.js";
import type { ServedProject } from "../served-project.js";
import type { ActionResult } from "../server-context.js";

/** "Verify now": the same run as `berth verify` (journal, probes, saved report). */
export async function verifyNow(engine: Engine, served: ServedProject, signal: AbortSignal): Promise<ActionResult> {
  const journal = await openJournal(served.stateDir, newRunId(), { redact: served.redactor.data });
  await journal.append({ type: "run-started", runId: journal.runId, command: "verify", project: served.name, composeFiles: served.project.meta.composeFiles });
  const verified = await verifyDeployment({ engine, project: served.project, stateDir: served.stateDir, journal, redactor: served.redactor, signal });
  await journal.append({ type: "run-finished", ok: verified.outcome.ok });
  const passed = verified.outcome.evidence.filter((e) => e.ok).length;
  return {
    ok: verified.outcome.ok,
    runId: journal.runId,
    summary: `${passed}/${verified.outcome.evidence.length} probes passed; verdict ${verified.report.verdict.status}`,
    detail: { verdict: verified.report.verdict, probes: verified.outcome.evidence },
  };
}
