import type { Service } from "../../compose/model/project.js";
import type { GateKind } from "../../plan/plan.js";
import type { ContainerDetails, Engine, ProbeResult } from "../engine-port.js";
import type { EventHub } from "../event-hub.js";

export interface GateTarget {
  readonly service: Service;
  readonly containerId: string;
}

export interface GateContext {
  readonly engine: Engine;
  readonly events: EventHub;
  readonly signal: AbortSignal;
  /** Epoch milliseconds after which the gate gives up. */
  readonly deadline: number;
  /** How long a service without a healthcheck must keep running to count as up. */
  readonly stableMs: number;
  readonly now: () => number;
}

export type GateOutcome =
  | { readonly ok: true; readonly at: number; readonly probes: readonly ProbeResult[] }
  | {
      readonly ok: false;
      readonly reason: "exited" | "unhealthy" | "crash-loop" | "timeout" | "aborted" | "probe-missing" | "gone";
      readonly detail: string;
      readonly probes: readonly ProbeResult[];
    };

/** A way of waiting until a service is ready, with a deadline. */
export interface Gate {
  readonly kind: GateKind;
  waitUntilReady(target: GateTarget, context: GateContext): Promise<GateOutcome>;
}

export function failed(reason: Extract<GateOutcome, { ok: false }>["reason"], detail: string, probes: readonly ProbeResult[] = []): GateOutcome {
  return { ok: false, reason, detail, probes };
}

/** Common stop conditions every gate checks before looking further. */
export function stopReason(context: GateContext): GateOutcome | undefined {
  if (context.signal.aborted) return failed("aborted", "interrupted");
  if (context.now() > context.deadline) return failed("timeout", "wait timeout reached");
  return undefined;
}

/** Restarted often enough to call it a loop rather than a hiccup. */
/**
 * The restarts the engine counts for a container that started during this run (epoch ms
 * `runSince`). `docker start` and `docker restart` reset RestartCount, so for a container berth
 * started it counts the restart policy's restarts since then; one that berth left running and
 * started again during the run restarted during it too. Evidence the event stream can miss (the
 * stream broke, or the engine dropped events): none before the run, or when the run's start is
 * unknown.
 */
export function restartsDuringRun(details: ContainerDetails, runSince: number | undefined): number {
  const started = Date.parse(details.State.StartedAt);
  if (runSince === undefined || Number.isNaN(started) || started < runSince) return 0;
  return details.RestartCount;
}

/**
 * Crash-looping now, or restarted at least twice during this run (epoch ms `runSince`). The
 * engine's RestartCount alone is no evidence: it keeps the restarts of a loop that ended before
 * the run (a dependency that was missing then), so a container that has run steadily since would
 * fail every later `up`.
 */
export function isCrashLooping(details: ContainerDetails, runSince: number | undefined): boolean {
  return restartsDuringRun(details, runSince) >= 2 || (details.State.Restarting && details.RestartCount >= 1);
}

/** Exited for good: stopped and the engine will not restart it. */
export function hasExited(details: ContainerDetails): boolean {
  return !details.State.Running && !details.State.Restarting && details.State.Status !== "created";
}
