import type { ContainerDetails, ProbeResult } from "../engine-port.js";
import { durationToMillis } from "../../common/duration.js";
import { failed, hasExited, isCrashLooping, stopReason, type Gate, type GateContext, type GateOutcome, type GateTarget } from "./gate.js";
import { LogActivity } from "./log-activity.js";
import { isCommandMissing, probeCadenceMs, probeCommand, probeTimeoutMs } from "../../plan/healthcheck-probe.js";

/** Berth keeps its last probes as evidence, and counts failures among them. */
const keptProbes = 20;

/**
 * One cadence probe at a time: overlapping fast probes (a `node` healthcheck boots in ~0.1 s)
 * only fight the starting app for CPU and make every probe slower (measured: readiness seen
 * later). A probe still running after `slowProbeMs` (a hung request) gets one beside it.
 */
const maxProbesInFlight = 2;
const slowProbeMs = 500;
/**
 * Output right after a probe finished is most likely that probe's own echo (apps log each
 * request): it must not launch the next probe, or probing would feed itself.
 */
const ownEchoMs = 25;

/**
 * Healthy: berth runs the healthcheck itself right after start at a short cadence (the engine
 * ignores start_interval and would wait a whole interval), at once when the container writes
 * output while no probe runs (apps log when they become ready; this matters for fast probes and
 * for the slower cadence later on), and also accepts the engine's verdict. Only a passing
 * healthcheck counts: output merely says when to probe.
 */
export const healthyGate: Gate = {
  kind: "healthy",
  async waitUntilReady(target: GateTarget, context: GateContext): Promise<GateOutcome> {
    const watch = new ProbeWatch(target, context);
    try {
      for (;;) {
        const stop = stopReason(context);
        if (stop) return { ...stop, probes: watch.probes } as GateOutcome;
        // A probe may pass while check() awaits the engine: look again before sleeping.
        const verdict = watch.passed() ?? (await watch.check()) ?? watch.passed();
        if (verdict) return verdict;
        await watch.nextWake();
      }
    } finally {
      watch.close();
    }
  },
};

class ProbeWatch {
  readonly probes: ProbeResult[] = [];
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly began: number;
  private readonly command: string[] | undefined;
  private readonly output: LogActivity | undefined;
  private lastLaunchAt = Number.NEGATIVE_INFINITY;
  private lastFinishedAt = Number.NEGATIVE_INFINITY;
  private passedAt: number | undefined;

  constructor(
    private readonly target: GateTarget,
    private readonly context: GateContext,
  ) {
    this.began = context.now();
    this.command = probeCommand(target.service.healthcheck);
    if (this.command) this.output = new LogActivity(context.engine, target.containerId, context.signal);
  }

  passed(): GateOutcome | undefined {
    return this.passedAt === undefined ? undefined : { ok: true, at: this.passedAt, probes: this.probes };
  }

  /** The engine's view first (gone, crashed, healthy), then berth's own probes. */
  async check(): Promise<GateOutcome | undefined> {
    const details = await this.context.engine.inspectContainer(this.target.containerId);
    const engineVerdict = verdictOf(details, this.context, this.probes);
    if (engineVerdict) return engineVerdict;
    if (this.command && details?.State.Running && this.shouldLaunch()) this.launch(this.command);
    return missingVerdict(this.probes) ?? ownUnhealthyVerdict(this.target, details?.State.StartedAt ?? "", this.context, this.probes);
  }

  /** Wakes when the next probe is due, on an engine event, a finished probe, or output while idle. */
  async nextWake(): Promise<void> {
    const wakes: Promise<unknown>[] = [this.context.events.next(this.target.containerId, this.untilDueMs(), this.context.signal), ...this.inFlight];
    if (this.output && !this.output.pending && this.inFlight.size === 0) wakes.push(this.output.next());
    await Promise.race(wakes);
  }

  close(): void {
    this.output?.close();
  }

  /** On the cadence, spaced from the last launch (not on every wake), or at once on new output. */
  private shouldLaunch(): boolean {
    const now = this.context.now();
    if (this.output?.take() === true && this.outputWakes(now)) return true;
    return now - this.lastLaunchAt >= this.spacingMs();
  }

  /**
   * Output launches a probe only while none runs: one beside it would only slow down the probe
   * that is about to see the app ready (measured: 59 vs 80 ms median readiness lag).
   */
  private outputWakes(now: number): boolean {
    return this.inFlight.size === 0 && now - this.lastFinishedAt >= ownEchoMs;
  }

  /** How long after the last launch the next cadence probe may start. */
  private spacingMs(): number {
    if (this.inFlight.size === 0) return this.cadenceMs();
    return this.inFlight.size < maxProbesInFlight ? Math.max(this.cadenceMs(), slowProbeMs) : Number.POSITIVE_INFINITY;
  }

  private untilDueMs(): number {
    const sinceLast = this.context.now() - this.lastLaunchAt;
    return Math.max(1, Math.min(this.spacingMs() - sinceLast, this.cadenceMs()));
  }

  private cadenceMs(): number {
    return probeCadenceMs(this.context.now() - this.began);
  }

  private launch(command: string[]): void {
    this.lastLaunchAt = this.context.now();
    const probe: Promise<void> = runProbe(this.target, this.context, command).then((result) => {
      this.inFlight.delete(probe);
      this.lastFinishedAt = this.context.now();
      this.probes.push(result);
      if (this.probes.length > keptProbes) this.probes.shift();
      if (result.exitCode === 0 && !result.timedOut) this.passedAt ??= this.context.now();
    });
    this.inFlight.add(probe);
  }
}

function verdictOf(details: ContainerDetails | undefined, context: GateContext, probes: ProbeResult[]): GateOutcome | undefined {
  if (!details) return failed("gone", "the container disappeared", probes);
  if (isCrashLooping(details, context.events.since)) return failed("crash-loop", `restarted ${details.RestartCount} times`, probes);
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

/**
 * The same budget the engine gives: start_period + interval x retries, counted from start, and as
 * the engine, only after `retries` checks failed: on a loaded machine a probe can take longer than
 * the budget, and "unhealthy" with no finished check (the app had not even logged yet) was a guess.
 */
export function ownUnhealthyVerdict(target: GateTarget, startedAt: string, context: Pick<GateContext, "now">, probes: readonly ProbeResult[]): GateOutcome | undefined {
  const check = target.service.healthcheck;
  const retries = check?.retries ?? 3;
  const budget = (durationToMillis(check?.start_period) ?? 0) + (durationToMillis(check?.interval) ?? 30_000) * retries;
  const started = Date.parse(startedAt);
  if (Number.isNaN(started) || context.now() - started < budget || probes.length < Math.max(1, Math.min(retries, keptProbes))) return undefined;
  return failed("unhealthy", `${probes.length} failed checks over ${Math.round(budget / 1000)}s`, probes);
}
