import type { Evidence, HealthProbe } from "./probe.js";
import { toEvidence, type Verdict } from "./evidence.js";
import { findServiceContainer, notRunningFailure, type EngineProbeContext } from "./service-container.js";
import type { ContainerDetails } from "../engine/engine.js";

/** The engine's own verdict: the healthcheck passes (or, without one, the container runs). */
export async function runHealthProbe(probe: HealthProbe, context: EngineProbeContext): Promise<Evidence> {
  const startedAt = new Date();
  const details = await findServiceContainer(context, probe.service);
  const target = `health of ${probe.service}`;
  if (details?.State.Running !== true) return toEvidence(probe, { target, failures: [notRunningFailure(probe.service, details)], passSummary: "", facts: {} }, startedAt, 0);
  return toEvidence(probe, judgeHealth(target, details), startedAt, Date.now() - startedAt.getTime());
}

function judgeHealth(target: string, details: ContainerDetails): Verdict {
  const health = details.State.Health;
  const facts = { status: health?.Status ?? "running", restarts: details.RestartCount };
  const last = health?.Log.at(-1);
  const excerpt = last === undefined ? undefined : `exit ${last.ExitCode}: ${last.Output}`;
  if (health === undefined) return { target, failures: [], passSummary: "running (no healthcheck)", facts };
  const failures = health.Status === "healthy" ? [] : [`expected healthy, the engine says ${health.Status} (failing streak ${health.FailingStreak})`];
  return { target, failures, passSummary: "healthy", facts, excerpt, hint: "the last healthcheck output above shows why" };
}
