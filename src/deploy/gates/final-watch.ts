import type { Project } from "../../compose/model/project.js";
import { isJob } from "../../plan/desired.js";
import { isStuckWaiting } from "../diagnose/stuck-waiting.js";
import type { ContainerDetails, Engine, EngineEvent } from "../engine-port.js";
import type { EventHub } from "../event-hub.js";
import type { ExecuteResult, ServiceFailure } from "../execute.js";

export interface FinalWatchOptions {
  readonly engine: Engine;
  /** The run's event stream: every `die` and `restart` of a started container since the run began. */
  readonly events: EventHub;
  readonly project: Project;
  readonly signal: AbortSignal;
  /** The stability window of a service without a healthcheck: the shortest final window. */
  readonly stableMs: number;
  /** Services judged elsewhere (replaced by a rolling update). */
  readonly skip?: ReadonlySet<string>;
  readonly now?: () => number;
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** The final window never exceeds this, however slow a service was to start. */
export const maxWindowMs = 8_000;
/** A service still logging that it waits is watched this long after `up` finished, then fails. */
export const stuckLimitMs = 20_000;

interface Target {
  readonly service: string;
  readonly id: string;
}

/**
 * The last look before the verdict: after the whole `up` has finished, waits a window that grows
 * with how long the slowest service took to become ready (at least the stability window, at most
 * 8 s), then fails every started service that died or restarted at any moment of the run (the
 * engine's events say so even when a restart is over by now), is not running, is unhealthy, or
 * still only logs that it waits for a dependency (watched up to 20 s more for that).
 */
export async function watchUntilVerdict(result: ExecuteResult, options: FinalWatchOptions): Promise<ExecuteResult> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? abortableSleep;
  const targets = watchTargets(result, options);
  if (targets.length === 0 || result.interrupted) return result;
  const finishedAt = now();
  await sleep(await finalWindowMs(result, targets, options), options.signal);
  const failures = new Map(result.failures);
  let pending = targets;
  while (pending.length > 0 && !options.signal.aborted) {
    const judged = await Promise.all(pending.map(async (target) => ({ target, verdict: await judge(target, options) })));
    for (const { target, verdict } of judged) if (verdict !== "waiting" && verdict !== undefined) failures.set(target.service, verdict);
    pending = judged.filter((j) => j.verdict === "waiting").map((j) => j.target);
    if (pending.length === 0) break;
    if (now() - finishedAt >= stuckLimitMs) {
      for (const target of pending) failures.set(target.service, failure(target.service, "stuck", `still waiting for a dependency ${Math.round((now() - finishedAt) / 1000)} s after the rest of the stack was up`));
      break;
    }
    await sleep(1_000, options.signal);
  }
  return { ...result, failures };
}

/** One container per started service that is not a job, not failed already, not skipped. */
function watchTargets(result: ExecuteResult, options: FinalWatchOptions): Target[] {
  const targets: Target[] = [];
  for (const [key, id] of result.containers) {
    const service = key.slice(0, key.lastIndexOf(":"));
    if (!(service in options.project.services) || result.failures.has(service) || options.skip?.has(service) || isJob(options.project, service)) continue;
    if (!targets.some((t) => t.service === service)) targets.push({ service, id });
  }
  return targets;
}

/**
 * The stability window, or as long as the slowest service took from its start to ready (a stack
 * that needs 4 s to come up on this machine gets 4 s to show a crash), capped.
 */
async function finalWindowMs(result: ExecuteResult, targets: readonly Target[], options: FinalWatchOptions): Promise<number> {
  const startups = await Promise.all(
    targets.map(async (target) => {
      const ready = [...result.readyAt].filter(([key]) => key.startsWith(`${target.service}:`)).map(([, at]) => at);
      const details = await options.engine.inspectContainer(target.id).catch(() => undefined);
      const started = Date.parse(details?.State.StartedAt ?? "");
      return ready.length === 0 || Number.isNaN(started) ? 0 : Math.max(...ready) - started;
    }),
  );
  return windowFor(options.stableMs, startups);
}

/** The final window for a run whose services took these times (ms) from start to ready. */
export function windowFor(stableMs: number, startupsMs: readonly number[]): number {
  return Math.min(maxWindowMs, Math.max(stableMs, ...startupsMs));
}

/** A failure to report, `waiting` to look again, or undefined when the service holds. */
async function judge(target: Target, options: FinalWatchOptions): Promise<ServiceFailure | "waiting" | undefined> {
  const details = await options.engine.inspectContainer(target.id).catch(() => undefined);
  if (!details) return failure(target.service, "gone", "the container disappeared before the verdict");
  const deaths = options.events.seen.filter((event) => event.id === target.id && isDeath(event));
  const state = stateVerdict(details, deaths);
  if (state) return failure(target.service, state.reason, state.detail);
  if (details.State.Health === undefined && isStuckWaiting(await logTail(options.engine, target.id))) return "waiting";
  return undefined;
}

function isDeath(event: EngineEvent): boolean {
  return event.action === "die" || event.action === "restart" || event.action === "oom";
}

/** What the container's state and its events since the run began say against it, if anything. */
export function stateVerdict(details: ContainerDetails, deaths: readonly EngineEvent[]): { reason: string; detail: string } | undefined {
  const state = details.State;
  const dies = deaths.filter((e) => e.action === "die");
  const exited = !state.Running && !state.Restarting;
  // A container that ran to exit code 0 once and stopped is a finished job, not a crash.
  if (exited && state.ExitCode === 0 && dies.every((e) => e.attributes["exitCode"] === "0")) return undefined;
  if (exited) return { reason: "exited", detail: `exited with code ${state.ExitCode} after it was started` };
  // Only this run's events count: a restart a week ago of a container this run left alone is the report's warning.
  if (state.Restarting || dies.length > 0) {
    const codes = dies.map((e) => e.attributes["exitCode"]).filter((c) => c !== undefined);
    return { reason: "crash-loop", detail: `restarted ${Math.max(1, dies.length)} time(s) before the verdict${codes.length > 0 ? ` (exit ${codes.at(-1)})` : ""}` };
  }
  if (state.Health?.Status === "unhealthy") return { reason: "unhealthy", detail: "its healthcheck failed after it had passed" };
  return undefined;
}

function failure(service: string, reason: string, detail: string): ServiceFailure {
  // An unhealthy service is judged by its healthcheck, as the healthy gate would.
  const kind = reason === "unhealthy" ? "healthy" : "final-watch";
  return { service, phase: "gate", error: `${service} ${detail}`, gate: { kind, reason, detail } };
}

async function logTail(engine: Engine, id: string): Promise<string> {
  const chunks = await engine.readLogs(id, { tail: 20 }).catch(() => []);
  return chunks.map((chunk) => chunk.text).join("");
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, Math.max(0, ms));
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}
