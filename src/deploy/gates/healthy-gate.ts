import type { ContainerDetails, ProbeResult } from "../engine-port.js";
import { durationToMillis } from "../duration.js";
import { failed, hasExited, isCrashLooping, stopReason, type Gate, type GateContext, type GateOutcome, type GateTarget } from "./gate.js";
import { isCommandMissing, probeCadenceMs, probeCommand, probeTimeoutMs } from "./probe.js";

/** Probes allowed to overlap: a slow probe (a `node` healthcheck) must not delay the next one. */
const maxProbesInFlight = 2;

/**
 * Healthy: berth runs the healthcheck itself right after start at a short cadence (the engine
 * ignores start_interval and would wait a whole interval), and also accepts the engine's verdict.
 * Probes overlap, so readiness is seen about one cadence plus one probe after it happens.
 */
export const healthyGate: Gate = {
  kind: "healthy",
  async waitUntilReady(target: GateTarget, context: GateContext): Promise<GateOutcome> {
    const watch = new ProbeWatch(target, context);
    for (;;) {
      const stop = stopReason(context);
      if (stop) return { ...stop, probes: watch.probes } as GateOutcome;
      const verdict = watch.passed() ?? (await watch.check());
      if (verdict) return verdict;
      await watch.nextWake();
    }
  },
};

class ProbeWatch {
  readonly probes: ProbeResult[] = [];
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly began: number;
  private readonly command: string[] | undefined;
  private passedAt: number | undefined;

  constructor(
    private readonly target: GateTarget,
    private readonly context: GateContext,
  ) {
    this.began = context.now();
    this.command = probeCommand(target.service.healthcheck);
  }

  passed(): GateOutcome | undefined {
    return this.passedAt === undefined ? undefined : { ok: true, at: this.passedAt, probes: this.probes };
  }

  /** The engine's view first (gone, crashed, healthy), then berth's own probes. */
  async check(): Promise<GateOutcome | undefined> {
    const details = await this.context.engine.inspectContainer(this.target.containerId);
    const engineVerdict = verdictOf(details, this.context, this.probes);
    if (engineVerdict) return engineVerdict;
    if (this.command && details?.State.Running && this.inFlight.size < maxProbesInFlight) this.launch(this.command);
    return missingVerdict(this.probes) ?? ownUnhealthyVerdict(this.target, details?.State.StartedAt ?? "", this.context, this.probes);
  }

  /** Wakes on an engine event of the container, a finished probe, or the cadence. */
  async nextWake(): Promise<void> {
    const cadence = probeCadenceMs(this.context.now() - this.began);
    await Promise.race([this.context.events.next(this.target.containerId, cadence, this.context.signal), ...this.inFlight]);
  }

  private launch(command: string[]): void {
    const probe: Promise<void> = runProbe(this.target, this.context, command).then((result) => {
      this.inFlight.delete(probe);
      this.probes.push(result);
      if (this.probes.length > 20) this.probes.shift();
      if (result.exitCode === 0 && !result.timedOut) this.passedAt ??= this.context.now();
    });
    this.inFlight.add(probe);
  }
}

function verdictOf(details: ContainerDetails | undefined, context: GateContext, probes: ProbeResult[]): GateOutcome | undefined {
  if (!details) return failed("gone", "the container disappeared", probes);
  if (isCrashLooping(details)) return failed("crash-loop", `restarted ${details.RestartCount} times`, probes);
  if (hasExited(details)) return failed("exited", `exited with code ${details.State.ExitCode}`, probes);
  const health = details.State.Health?.Status;
  if (health === "healthy") return { ok: true, at: context.now(), probes };
  if (health === "unhealthy") return failed("unhealthy", `engine reports unhealthy after ${details.State.Health?.FailingStreak ?? "?"} failed checks`, probes);
  return undefined;
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
