import type { ProbeResult } from "../engine-port.js";
import { durationToMillis } from "../duration.js";
import { failed, hasExited, isCrashLooping, stopReason, type Gate, type GateContext, type GateOutcome, type GateTarget } from "./gate.js";
import { isCommandMissing, probeCadenceMs, probeCommand, probeTimeoutMs } from "./probe.js";

/**
 * Healthy: berth runs the healthcheck itself right after start at a short cadence (the engine
 * ignores start_interval and would wait a whole interval), and also accepts the engine's verdict.
 */
export const healthyGate: Gate = {
  kind: "healthy",
  async waitUntilReady(target: GateTarget, context: GateContext): Promise<GateOutcome> {
    const began = context.now();
    const probes: ProbeResult[] = [];
    const command = probeCommand(target.service.healthcheck);
    for (;;) {
      const stop = stopReason(context);
      if (stop) return { ...stop, probes } as GateOutcome;
      const verdict = await checkOnce(target, context, command, probes);
      if (verdict) return verdict;
      const cadence = probeCadenceMs(context.now() - began);
      await context.events.next(target.containerId, cadence, context.signal);
    }
  },
};

async function checkOnce(target: GateTarget, context: GateContext, command: string[] | undefined, probes: ProbeResult[]): Promise<GateOutcome | undefined> {
  const details = await context.engine.inspectContainer(target.containerId);
  if (!details) return failed("gone", "the container disappeared", probes);
  if (isCrashLooping(details)) return failed("crash-loop", `restarted ${details.RestartCount} times`, probes);
  if (hasExited(details)) return failed("exited", `exited with code ${details.State.ExitCode}`, probes);
  const health = details.State.Health?.Status;
  if (health === "healthy") return { ok: true, at: context.now(), probes };
  if (health === "unhealthy") return failed("unhealthy", `engine reports unhealthy after ${details.State.Health?.FailingStreak ?? "?"} failed checks`, probes);
  if (!command || !details.State.Running) return undefined;
  const probe = await runProbe(target, context, command);
  probes.push(probe);
  if (probes.length > 20) probes.shift();
  if (probe.exitCode === 0 && !probe.timedOut) return { ok: true, at: context.now(), probes };
  return missingVerdict(probes) ?? ownUnhealthyVerdict(target, details.State.StartedAt, context, probes);
}

/** One exec of the healthcheck; an exec the engine refuses is a failed probe, not a crash. */
async function runProbe(target: GateTarget, context: GateContext, command: string[]): Promise<ProbeResult> {
  try {
    const timeoutMs = probeTimeoutMs(target.service.healthcheck);
    const result = await context.engine.exec(target.containerId, { command, timeoutMs, signal: context.signal });
    return { exitCode: result.exitCode, output: result.output, timedOut: result.timedOut };
  } catch (error) {
    return { exitCode: -1, output: error instanceof Error ? error.message : String(error), timedOut: false };
  }
}

/** Three probes in a row could not even find the program: no point waiting for retries. */
function missingVerdict(probes: readonly ProbeResult[]): GateOutcome | undefined {
  const last = probes.slice(-3);
  const missing = last.length === 3 && last.every((p) => isCommandMissing(p.output, p.exitCode));
  return missing ? failed("probe-missing", "the healthcheck command is not in the image", probes) : undefined;
}

/** The same budget the engine gives: start_period + interval x retries, counted from start. */
function ownUnhealthyVerdict(target: GateTarget, startedAt: string, context: GateContext, probes: readonly ProbeResult[]): GateOutcome | undefined {
  const check = target.service.healthcheck;
  const budget = (durationToMillis(check?.start_period) ?? 0) + (durationToMillis(check?.interval) ?? 30_000) * (check?.retries ?? 3);
  const started = Date.parse(startedAt);
  if (Number.isNaN(started) || context.now() - started < budget) return undefined;
  return failed("unhealthy", `${probes.length} failed checks over ${Math.round(budget / 1000)}s`, probes);
}
