import type { Evidence, ExecProbe } from "./probe.js";
import { toEvidence, type Verdict } from "./evidence.js";
import { findServiceContainer, notRunningFailure, type EngineProbeContext } from "./service-container.js";

/**
 * Runs a command in the service's container (or in `containerId`, e.g. a rollout's new one);
 * passes on the expected exit code and output.
 */
export async function runExecProbe(probe: ExecProbe, context: EngineProbeContext, containerId?: string): Promise<Evidence> {
  const startedAt = new Date();
  const target = `exec in ${probe.service}: ${probe.command.join(" ")}`;
  const details = containerId === undefined ? await findServiceContainer(context, probe.service) : await context.engine.inspectContainer(containerId);
  if (details?.State.Running !== true) return toEvidence(probe, { target, failures: [notRunningFailure(probe.service, details)], passSummary: "", facts: {} }, startedAt, 0);
  const result = await context.engine.exec(details.Id, { command: probe.command, timeoutMs: probe.timeoutMs, ...(context.signal ? { signal: context.signal } : {}) });
  const failures = [
    ...(result.timedOut ? [`timed out after ${probe.timeoutMs} ms`] : result.exitCode === probe.exitCode ? [] : [`expected exit code ${probe.exitCode}, got ${result.exitCode}`]),
    ...probe.outputContains.filter((text) => !result.output.includes(text)).map((text) => `expected the output to contain ${JSON.stringify(text)}`),
  ];
  const verdict: Verdict = { target, failures, passSummary: `exit code ${result.exitCode} in ${result.durationMs} ms`, facts: { exitCode: result.exitCode, durationMs: result.durationMs }, excerpt: result.output, hint: "the command's output above shows why" };
  return toEvidence(probe, verdict, startedAt, result.durationMs);
}
