import type { Project, Service } from "../../compose/model/project.js";
import { hasHealthcheck, isJob } from "../../plan/desired.js";
import { formatSocket, isLoopback, portStanding, readListening, type ListeningSocket } from "../diagnose/listening.js";
import { isStuckWaiting } from "../diagnose/stuck-waiting.js";
import { cpuShare, type CpuTime } from "../../engine/cpu-time.js";
import type { ContainerStats } from "../../engine/engine.js";
import type { ContainerDetails, Engine, EngineEvent } from "../engine-port.js";
import type { EventHub } from "../event-hub.js";
import type { ExecuteResult, ServiceFailure } from "../execute.js";
import { restartsDuringRun } from "./gate.js";

export interface FinalWatchOptions {
  readonly engine: Engine;
  /** The run's event stream: every `die` and `restart` of a started container since the run began. */
  readonly events: EventHub;
  readonly project: Project;
  readonly signal: AbortSignal;
  /** How long a service must keep running after it showed it started (output, or its port open). */
  readonly stableMs: number;
  /** Services judged elsewhere (replaced by a rolling update). */
  readonly skip?: ReadonlySet<string>;
  /**
   * The services this run created, recreated, started or restarted. The others have run since
   * before it: no window holds them (there is no start to wait out), their first look judges them,
   * and a death or restart of theirs during the run still fails them. Absent: every one started.
   */
  readonly startedServices?: ReadonlySet<string>;
  /** `--wait-timeout`: the longest a slow service may take to open its declared port. */
  readonly waitTimeoutMs?: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** A service that shows no sign of having started is judged this long after its start. */
export const maxWindowMs = 5_000;
/** A service still logging that it waits is watched this long after `up` finished, then fails. */
export const stuckLimitMs = 20_000;
/** A declared port still closed is waited for up to --wait-timeout, at most this long after `up` finished. */
export const maxPortWaitMs = 60_000;
const pollMs = 250;
/** A silent container using at least this share of one CPU is still starting, not idle. */
export const busyPercent = 0.5;

interface Target {
  readonly service: string;
  readonly id: string;
  /** Ports the compose file says it serves (`ports:` targets, `expose:`). */
  readonly ports: readonly number[];
  readonly healthcheck: boolean;
  /** Created, recreated, started or restarted by this run (FinalWatchOptions.startedServices). */
  readonly startedHere: boolean;
}

/**
 * The last look before the verdict, after the whole `up` has finished. Each started service is
 * watched for a window that adapts to how long it takes to start: a service with a healthcheck
 * (which passed) for the stability window; one without, for the stability window after it showed
 * it started (its declared ports open, or for one without ports its first output, and at least
 * twice the window after its start), at most 5 s after its start. Then every such service fails
 * that died or restarted at any moment of the run (the engine's events say so even when a restart
 * is over), is not running or turned unhealthy, listens on 127.0.0.1 only or not at all on a port
 * it declares, or still only logs that it waits for a dependency (watched up to 20 s for that).
 */
export async function watchUntilVerdict(result: ExecuteResult, options: FinalWatchOptions): Promise<WatchedResult> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? abortableSleep;
  const targets = watchTargets(result, options);
  if (targets.length === 0 || result.interrupted) return result;
  const finishedAt = now();
  const failures = new Map(result.failures);
  const lifeAt: SettleContext["lifeAt"] = new Map();
  const seenOnce = new Set<string>();
  const cpuTimes = new Map<string, CpuTime>();
  const serving: SettleContext["serving"] = new Map();
  const sockets: SettleContext["sockets"] = new Map();
  const until = new Map<string, number>();
  let pending = targets;
  // Watch until every service is settled or has failed. A service is settled by a look that finds
  // its time has come, never by the clock alone: a look at another service can take a second (the
  // engine's stats), and a deadline that passed meanwhile still needs its own look (a busy silent
  // service is only then found busy and watched on).
  for (;;) {
    const open = await Promise.all(
      pending.map(async (target) => {
        const lookedAt = now();
        const details = await options.engine.inspectContainer(target.id).catch(() => undefined);
        const failed = details ? deathVerdict(details, options.events, target) : failure(target.service, "gone", "the container disappeared before the verdict");
        if (failed) failures.set(target.service, failed);
        if (failed || !details) return undefined;
        const at = await settleAt(target, details, { ...options, finishedAt, lifeAt, looked: seenOnce, cpuTimes, serving, sockets, clock: now, now: lookedAt });
        until.set(target.service, at);
        return at > lookedAt ? at : undefined;
      }),
    );
    const unsettled = open.filter((at): at is number => at !== undefined);
    pending = pending.filter((t) => !failures.has(t.service));
    if (pending.length === 0 || unsettled.length === 0 || options.signal.aborted) break;
    await sleep(Math.min(pollMs, Math.max(0, Math.max(...unsettled) - now())), options.signal);
  }
  // Judge what still runs: whether it only waits, and its sockets. A service still waiting, or
  // whose declared port is not open yet (a slow start), is looked at again until its limit.
  const portLimitMs = Math.min(options.waitTimeoutMs ?? maxPortWaitMs, maxPortWaitMs);
  while (pending.length > 0 && !options.signal.aborted) {
    const judged = await Promise.all(pending.map(async (target) => ({ target, verdict: await judge(target, options, sockets) })));
    const waited = now() - finishedAt;
    for (const { target, verdict } of judged) {
      if (verdict === undefined) continue;
      if (!isWaiting(verdict)) failures.set(target.service, verdict);
      else if (verdict.waiting === "dependency" && waited >= stuckLimitMs) failures.set(target.service, failure(target.service, "stuck", `still waiting for a dependency ${Math.round(waited / 1000)} s after the rest of the stack was up`));
      else if (verdict.waiting === "port" && waited >= portLimitMs) failures.set(target.service, failure(target.service, "not-listening", `${verdict.detail} ${Math.round(waited / 1000)} s after the rest of the stack was up`));
    }
    pending = judged.filter((j) => j.verdict !== undefined && isWaiting(j.verdict) && !failures.has(j.target.service)).map((j) => j.target);
    if (pending.length === 0) break;
    await sleep(1_000, options.signal);
  }
  return { ...result, failures, watch: watchRecord(options.stableMs, finishedAt, until, now()) };
}

/** What the final watch applied, for `up --json` and the bench: its windows after `up` finished. */
export interface FinalWatchRecord {
  /** The stability window (`BERTH_STABLE_MS`): every watched service is held at least this long after `up` finished. */
  readonly stableMs: number;
  /** The longest window applied, in ms after `up` finished (a slow or silent service is held longer). */
  readonly windowMs: number;
  /** Each watched service's window, in ms after `up` finished (0: its time had come at the first look). */
  readonly windows: Readonly<Record<string, number>>;
  /** From the end of `up` to the verdict: the windows plus the looks (the engine's answers). */
  readonly heldMs: number;
}

export type WatchedResult = ExecuteResult & { readonly watch?: FinalWatchRecord };

export function watchRecord(stableMs: number, finishedAt: number, until: ReadonlyMap<string, number>, verdictAt: number): FinalWatchRecord {
  const windows = Object.fromEntries([...until].map(([service, at]) => [service, Math.max(0, Math.round(at - finishedAt))]));
  return { stableMs, windowMs: Math.max(0, ...Object.values(windows)), windows, heldMs: Math.max(0, Math.round(verdictAt - finishedAt)) };
}

/** One container per started service that is not a job, not failed already, not skipped. */
function watchTargets(result: ExecuteResult, options: FinalWatchOptions): Target[] {
  const targets: Target[] = [];
  for (const [key, id] of result.containers) {
    const service = key.slice(0, key.lastIndexOf(":"));
    const model = options.project.services[service];
    if (!model || result.failures.has(service) || options.skip?.has(service) || isJob(options.project, service)) continue;
    if (!targets.some((t) => t.service === service)) targets.push({ service, id, ports: declaredPorts(model), healthcheck: hasHealthcheck(model), startedHere: options.startedServices?.has(service) ?? true });
  }
  return targets;
}

/** The TCP ports a service declares it serves: `ports:` targets and `expose:` entries. */
export function declaredPorts(service: Service): number[] {
  const published = (service.ports ?? []).filter((p) => p.protocol === "tcp").map((p) => p.target);
  const exposed = (service.expose ?? []).map((e) => /^(\d+)(\/tcp)?$/.exec(e)?.[1]).filter((p): p is string => p !== undefined).map(Number);
  return [...new Set([...published, ...exposed])];
}

interface SettleContext extends FinalWatchOptions {
  readonly finishedAt: number;
  /** When each service showed life, and how long it must hold after that. */
  readonly lifeAt: Map<string, { readonly at: number; readonly window: number }>;
  readonly looked: Set<string>;
  /** Each silent service's last CPU time sample, to compare with the next. */
  readonly cpuTimes: Map<string, CpuTime>;
  /** Services without declared ports found listening on a socket: since when, and the window after. */
  readonly serving: Map<string, { readonly at: number; readonly window: number }>;
  /** Each service's sockets as the look that found it alive read them (the judge reuses an `ok`). */
  readonly sockets: Map<string, readonly ListeningSocket[]>;
  readonly clock: () => number;
  readonly now: () => number;
}

/** When the service has been watched long enough (epoch ms). */
async function settleAt(target: Target, details: ContainerDetails, context: Omit<SettleContext, "now"> & { now: number }): Promise<number> {
  const { stableMs, finishedAt, lifeAt, now } = context;
  // Untouched by this run (kept as it ran): nothing started to wait out; the look judges it.
  if (!target.startedHere) return now;
  const started = Date.parse(details.State.StartedAt);
  const startedAt = Number.isNaN(started) ? finishedAt : started;
  if (target.healthcheck) {
    // A healthcheck can pass before the app has booted (`true`, a port another process holds):
    // one that spoke is held as long as it took to speak, as below.
    if (!lifeAt.has(target.service)) {
      const spoke = await firstOutputAt(context.engine, target.id, startedAt, now);
      if (spoke !== undefined) lifeAt.set(target.service, { at: spoke, window: startupWindow(spoke - startedAt, stableMs) });
    }
    const life = lifeAt.get(target.service);
    return Math.max(finishedAt + stableMs, life ? life.at + life.window : 0);
  }
  const firstLook = !context.looked.has(target.service);
  context.looked.add(target.service);
  if (!lifeAt.has(target.service)) {
    const life = await lifeSince(target, context, startedAt, now);
    // A port found open at the first look opened at an unknown moment: the window is the stable one.
    if (life !== undefined) lifeAt.set(target.service, { at: life, window: firstLook && target.ports.length > 0 ? stableMs : startupWindow(life - startedAt, stableMs) });
  }
  const life = lifeAt.get(target.service);
  if (life === undefined) return silentUntil(target, startedAt, context, now);
  const held = Math.max(life.at + life.window, finishedAt + stableMs);
  if (target.ports.length > 0) return held;
  return Math.max(held, await spokeOnlyUntil(target, startedAt, { ...context, now }, held));
}

/**
 * Debugger listeners (Node inspector, debugpy, JDWP, delve) open before the app's own code runs;
 * verify/infer-probes.ts skips the same ports (deploy/ may not import verify/).
 */
const debuggerPorts: ReadonlySet<number> = new Set([9229, 9230, 5678, 5005, 2345]);

/** A socket that says the app serves: reachable from other containers, not a debugger's. */
export function isServing(socket: ListeningSocket): boolean {
  return !isLoopback(socket.address) && !debuggerPorts.has(socket.port);
}

/**
 * A service without declared ports whose only sign of life is its output is held at least twice
 * the window after its start: a banner comes before the code that crashes (a Node app that logs,
 * loads for 2 s, then dials a host that does not resolve). One that listens on a socket other
 * containers can reach, not a debugger's (Redis on 6379, undeclared), is serving, a sign as
 * strong as a declared port: it is held the window after the look that found it listening, as a
 * declared port found open is (the stable window when the first reading finds it, since it
 * opened at an unknown moment). The sockets are only read while the rule would hold the service
 * longer than it is held anyway.
 */
async function spokeOnlyUntil(target: Target, startedAt: number, context: Omit<SettleContext, "now"> & { now: number }, held: number): Promise<number> {
  const served = context.serving.get(target.service);
  if (served) return served.at + served.window;
  const spokeOnly = startedAt + 2 * context.stableMs;
  if (spokeOnly <= held) return held;
  const firstReading = !context.sockets.has(target.service);
  const sockets = (await readListening(context.engine, target.id)) ?? [];
  context.sockets.set(target.service, sockets);
  if (!sockets.some(isServing)) return spokeOnly;
  const window = firstReading ? context.stableMs : startupWindow(context.now - startedAt, context.stableMs);
  context.serving.set(target.service, { at: context.now, window });
  return context.now + window;
}

/**
 * A service with no sign of life yet is judged 5 s after its start, unless it is still busy: a
 * process that uses the CPU without a word is still starting (an interpreter loading its code on a
 * starved machine), so it is looked at again, until 20 s after the rest of the stack was up (or
 * --wait-timeout). An idle silent one (`sleep infinity`) is judged at 5 s, or a second later when
 * the engine's sample could not tell (berth then compares it with its own next sample).
 */
async function silentUntil(target: Target, startedAt: number, context: Omit<SettleContext, "now">, now: number): Promise<number> {
  const judgedAt = startedAt + maxWindowMs;
  if (now < judgedAt) return judgedAt;
  const limit = context.finishedAt + Math.min(context.waitTimeoutMs ?? stuckLimitMs, stuckLimitMs);
  if (now >= limit) return judgedAt;
  const stats = await context.engine.stats(target.id).catch(() => undefined);
  if (stats === undefined) return judgedAt;
  const previous = context.cpuTimes.get(target.service);
  if (stats.cpuTime) context.cpuTimes.set(target.service, stats.cpuTime);
  const verdict = busyVerdict(stats, previous);
  // Reading stats takes the engine about a second: the next look is a second after it answered.
  return verdict === "idle" ? judgedAt : Math.min(context.clock() + 1_000, limit);
}

/**
 * Whether a silent container still uses the CPU (0.5 % of one core or more). Its share is read from
 * its own CPU time over the time between two samples (the engine's pair, else the previous sample
 * berth took), not from `docker stats`' percentage, which divides by host counters that differ
 * between engines (a nested engine read a starved, loading app as idle). `undecided`: a single
 * sample, to compare with the next; an engine that gives no CPU time is judged by its percentage.
 */
export function busyVerdict(stats: ContainerStats, previous: CpuTime | undefined): "busy" | "idle" | "undecided" {
  const share = stats.cpuShare ?? cpuShare(previous, stats.cpuTime);
  if (share !== undefined) return share >= busyPercent ? "busy" : "idle";
  if (stats.cpuTime !== undefined && previous === undefined) return "undecided";
  return stats.cpuPercent >= busyPercent ? "busy" : "idle";
}

/**
 * How long a service must hold after it showed life: as long as it took to show it (a starved
 * machine runs the app's timers as late as its start), at least the stable window, at most 5 s.
 */
export function startupWindow(tookMs: number, stableMs: number): number {
  return Math.min(Math.max(tookMs, stableMs), Math.max(maxWindowMs, stableMs));
}

/**
 * When the service showed it started: its first output's time (the engine's timestamp), or for
 * one with declared ports the moment they were found open; undefined while there is no sign yet.
 */
async function lifeSince(target: Target, context: Pick<SettleContext, "engine" | "sockets">, startedAt: number, now: number): Promise<number | undefined> {
  if (target.ports.length > 0) {
    const sockets = await readListening(context.engine, target.id);
    if (sockets !== undefined) context.sockets.set(target.service, sockets);
    return sockets === undefined || portStanding(target.ports, sockets).status !== "closed" ? now : undefined;
  }
  return firstOutputAt(context.engine, target.id, startedAt, now);
}

/** The engine's timestamp of the container's first output since it started, if it wrote any. */
export async function firstOutputAt(engine: Engine, id: string, startedAt: number, now: number): Promise<number | undefined> {
  const chunks = await engine.readLogs(id, { since: Math.floor(startedAt / 1000), timestamps: true }).catch(() => []);
  const first = chunks.find((chunk) => chunk.text.trim() !== "");
  if (!first) return undefined;
  const stamp = Date.parse(/^(\S+)\s/.exec(first.text)?.[1] ?? "");
  // Without a readable timestamp, what berth sees now is the best it knows.
  return Number.isNaN(stamp) ? now : Math.max(stamp, startedAt);
}

/**
 * The sockets to judge a service's declared ports by: the reading of the look that found them all
 * open on every address (a server does not close its listener and stay up; a death is judged from
 * the container's state at the end), else a fresh one (loopback, closed, or never read).
 */
async function socketsToJudge(target: Target, engine: Engine, seen: Map<string, readonly ListeningSocket[]>): Promise<readonly ListeningSocket[] | undefined> {
  const earlier = seen.get(target.service);
  if (earlier !== undefined && portStanding(target.ports, earlier).status === "ok") return earlier;
  const sockets = await readListening(engine, target.id);
  if (sockets !== undefined) seen.set(target.service, sockets);
  return sockets;
}

function deathVerdict(details: ContainerDetails, events: EventHub, target: Target): ServiceFailure | undefined {
  const state = stateVerdict(details, events.crashes(target.id), events.since);
  return state ? failure(target.service, state.reason, state.detail) : undefined;
}

interface Waiting {
  readonly waiting: "dependency" | "port";
  readonly detail: string;
}

const isWaiting = (verdict: ServiceFailure | Waiting): verdict is Waiting => "waiting" in verdict;

/** A failure to report, what it still waits for (look again), or undefined when the service holds. */
async function judge(target: Target, options: FinalWatchOptions, read: Map<string, readonly ListeningSocket[]>): Promise<ServiceFailure | Waiting | undefined> {
  const details = await options.engine.inspectContainer(target.id).catch(() => undefined);
  if (!details) return failure(target.service, "gone", "the container disappeared before the verdict");
  const died = deathVerdict(details, options.events, target);
  if (died) return died;
  if (!target.healthcheck && isStuckWaiting(await logTail(options.engine, target.id))) return { waiting: "dependency", detail: "" };
  const sockets = target.ports.length > 0 ? await socketsToJudge(target, options.engine, read) : undefined;
  if (!sockets) return undefined;
  const standing = portStanding(target.ports, sockets);
  const seen = sockets.map(formatSocket).join(", ") || "nothing";
  if (standing.status === "loopback") return failure(target.service, "loopback-only", `listens on ${seen.split(", ").find((s) => s.endsWith(`:${standing.port}`)) ?? `127.0.0.1:${standing.port}`} only; other containers and the published port cannot reach it`);
  if (standing.status === "closed" && !target.healthcheck) return { waiting: "port", detail: `never opened port ${standing.port}, which it declares (it listens on ${seen})` };
  return undefined;
}

/**
 * What the container's state and this run's evidence say against it, if anything: its crashes
 * (the `die` events nobody asked for, see event-hub.ts) and the engine's restart count.
 */
export function stateVerdict(details: ContainerDetails, dies: readonly EngineEvent[], runSince?: number): { reason: string; detail: string } | undefined {
  const state = details.State;
  const exited = !state.Running && !state.Restarting;
  // A container that ran to exit code 0 once and stopped is a finished job, not a crash.
  if (exited && state.ExitCode === 0 && dies.every((e) => e.attributes["exitCode"] === "0")) return undefined;
  if (exited) return { reason: "exited", detail: `exited with code ${state.ExitCode} after it was started` };
  // Only this run's evidence counts: a restart a week ago of a container this run left alone is the report's warning.
  const restarts = Math.max(dies.length, restartsDuringRun(details, runSince));
  if (state.Restarting || restarts > 0) {
    const codes = dies.map((e) => e.attributes["exitCode"]).filter((c) => c !== undefined);
    return { reason: "crash-loop", detail: `restarted ${Math.max(1, restarts)} time(s) before the verdict${codes.length > 0 ? ` (exit ${codes.at(-1)})` : ""}` };
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
