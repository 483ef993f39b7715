import type { Evidence, HealthProbe } from "./probe.js";
import { toEvidence, type Verdict } from "./evidence.js";
import { findServiceContainer, notRunningFailure, type EngineProbeContext } from "./service-container.js";
import { probeCommand } from "../plan/healthcheck-probe.js";
import type { ContainerDetails } from "../engine/engine.js";

/** Cap on one healthcheck run of our own, so a hung check cannot stall verify. */
const ownCheckTimeoutMs = 5_000;

/**
 * The healthcheck passes (or, without one, the container runs). While the engine has not run
 * its first check yet ("starting", e.g. right after `berth up`, which does not wait for the
 * engine's interval), berth runs the healthcheck command itself and judges by its exit code.
 */
export async function runHealthProbe(probe: HealthProbe, context: EngineProbeContext): Promise<Evidence> {
  const startedAt = new Date();
  const details = await findServiceContainer(context, probe.service);
  const target = `health of ${probe.service}`;
  if (details?.State.Running !== true) return toEvidence(probe, { target, failures: [notRunningFailure(probe.service, details)], passSummary: "", facts: {} }, startedAt, 0);
  const verdict = details.State.Health?.Status === "starting" ? await runOwnCheck(target, details, context) : undefined;
  return toEvidence(probe, verdict ?? judgeHealth(target, details), startedAt, Date.now() - startedAt.getTime());
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

/** Runs the container's own healthcheck command; undefined when it has none berth can run. */
async function runOwnCheck(target: string, details: ContainerDetails, context: EngineProbeContext): Promise<Verdict | undefined> {
  const test = details.Config.Healthcheck?.Test;
  const command = test === undefined ? undefined : probeCommand({ test });
  if (command === undefined) return undefined;
  const result = await context.engine.exec(details.Id, { command, timeoutMs: ownCheckTimeoutMs, ...(context.signal ? { signal: context.signal } : {}) });
  const facts = { status: "starting", checkedBy: "berth", exitCode: result.exitCode, restarts: details.RestartCount };
  const excerpt = `exit ${result.exitCode}: ${result.output.trim().slice(0, 500)}`;
  const failures = result.timedOut ? [`the healthcheck did not answer within ${ownCheckTimeoutMs} ms`] : result.exitCode === 0 ? [] : [`the healthcheck exited ${result.exitCode}`];
  return { target, failures, passSummary: "healthy (berth ran the healthcheck; the engine has not yet)", facts, excerpt, hint: "the healthcheck output above shows why" };
}
