import type { ServiceSpec } from "./swarm-spec.js";
import type { SwarmPort, SwarmTask } from "./swarm-port.js";
import { diagnoseTasks, timeoutDiagnosis, updateDiagnosis, type TaskDiagnosis, type TaskEvidence } from "./task-diagnosis.js";

/** How the gate of one service waits: its deadline, its cadence, and the clock (injected for tests). */
export interface GateTiming {
  readonly timeoutMs: number;
  readonly pollMs: number;
  /** How long a task may stay pending with "no suitable node" before berth calls it (a start-first update makes that briefly true). */
  readonly pendingGraceMs: number;
  /** Without a healthcheck, how long a service's tasks must stay running (no new failure) to count as ready. */
  readonly stableMs: number;
  readonly now: () => number;
  readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly signal: AbortSignal;
}

export interface GateTarget {
  readonly service: string;
  readonly serviceId: string;
  readonly spec: ServiceSpec;
  /** The manager's time of this deploy's create or update of the service; tasks from before it are history. */
  readonly since: string;
  /** True when this deploy changed the service: Swarm's UpdateStatus of that update decides. */
  readonly updated: boolean;
  /** StartedAt of the service's UpdateStatus before this deploy's update, if it had one: not this update's. */
  readonly previousUpdate?: string;
  readonly hostOf: (nodeId: string | undefined) => string;
  readonly restartsLeft: boolean;
  /** One line each time a task of this deploy changes state, or a task it replaces stops (`task shop_api.1 on node-2: running`). */
  readonly onTask?: (line: string) => void;
}

export type GateOutcome =
  | { readonly ok: true; readonly tasks: readonly SwarmTask[] }
  | { readonly ok: false; readonly interrupted?: true; readonly tasks: readonly SwarmTask[]; readonly diagnosis?: TaskDiagnosis };

/** How long an update may go without an UpdateStatus of its own before berth takes it as one that changed no task. */
const noRolloutGraceMs = 5000;

/** Swarm's update states that end a deploy: the release did not go live. */
const failedUpdateStates = new Set(["rollback_completed", "rollback_paused", "paused"]);

const at = (time: string | undefined): number => (time ? Date.parse(time) : Number.NaN);

/** Tasks of this deploy (created at or after `since`, to the millisecond), oldest first. */
export function tasksSince(tasks: readonly SwarmTask[], since: string): SwarmTask[] {
  const from = Math.floor(at(since));
  return tasks.filter((task) => !(Math.floor(at(task.CreatedAt)) < from)).sort((a, b) => at(a.CreatedAt) - at(b.CreatedAt));
}

/**
 * Whether the service is ready: every task Swarm wants running is running (with a healthcheck,
 * Swarm keeps a task `starting` until it is healthy), as many as the mode asks for; a job's tasks
 * have completed. Undefined while it is not.
 */
export function isReady(spec: ServiceSpec, all: readonly SwarmTask[], current: readonly SwarmTask[]): boolean {
  const mode = spec.Mode;
  if (mode.ReplicatedJob) return current.filter((task) => task.Status.State === "complete").length >= mode.ReplicatedJob.TotalCompletions;
  if (mode.GlobalJob) return current.length > 0 && current.every((task) => task.Status.State === "complete");
  const wanted = all.filter((task) => task.DesiredState === "running");
  if (!wanted.every((task) => task.Status.State === "running")) return false;
  if (mode.Global) return wanted.length > 0;
  return wanted.length === (mode.Replicated?.Replicas ?? 1);
}

/**
 * Waits until the service is ready, its tasks fail in a way that will not heal, Swarm rolls its
 * update back, or the deadline passes; polls the manager at `pollMs`.
 */
export async function gateService(port: SwarmPort, target: GateTarget, timing: GateTiming): Promise<GateOutcome> {
  const started = timing.now();
  let pendingSince: number | undefined;
  // Without a healthcheck "running" only says the process started: it must also stay up.
  const test = target.spec.TaskTemplate.ContainerSpec.Healthcheck?.Test;
  const needsWindow = test === undefined || test.length === 0 || test[0] === "NONE";
  let readySince: { at: number; failed: number } | undefined;
  let tasks: SwarmTask[] = [];
  const memory = target.spec.TaskTemplate.Resources?.Limits?.MemoryBytes;
  const evidence = (current: readonly SwarmTask[], logTail?: string): TaskEvidence => ({
    service: target.service,
    swarmName: target.spec.Name,
    image: target.spec.TaskTemplate.ContainerSpec.Image,
    tasks: current,
    hostOf: target.hostOf,
    restartsLeft: target.restartsLeft,
    ...(memory !== undefined ? { memoryLimitBytes: memory } : {}),
    ...(logTail ? { logTail } : {}),
  });
  const failWith = async (diagnose: (withLogs: TaskEvidence) => TaskDiagnosis): Promise<GateOutcome> => {
    const logTail = await port.serviceLogs(target.serviceId, 20);
    return { ok: false, tasks, diagnosis: diagnose(evidence(tasks, logTail)) };
  };
  const seen = new Map<string, string>();
  for (;;) {
    if (timing.signal.aborted) return { ok: false, interrupted: true, tasks };
    const all = await port.tasks(target.serviceId);
    tasks = tasksSince(all, target.since);
    if (target.onTask) for (const line of taskChanges(target, all, tasks, seen, !needsWindow)) target.onTask(line);
    const rollout = target.updated ? await updateState(port, target) : "none";
    if (rollout !== undefined && rollout !== "none" && failedUpdateStates.has(rollout.state)) return failWith((found) => updateDiagnosis(found, rollout.state, rollout.message));
    const rolling = rollout !== undefined && rollout !== "none" && rollout.state !== "completed";
    const settled = rollout !== undefined || timing.now() - started >= noRolloutGraceMs;
    const failedNow = tasks.filter((task) => task.Status.State === "failed" || task.Status.State === "rejected").length;
    const ready = !rolling && settled && isReady(target.spec, all, tasks);
    readySince = ready && (readySince === undefined || readySince.failed === failedNow) ? (readySince ?? { at: timing.now(), failed: failedNow }) : undefined;
    const stable = readySince !== undefined && (!needsWindow || target.spec.Mode.ReplicatedJob !== undefined || target.spec.Mode.GlobalJob !== undefined || timing.now() - readySince.at >= timing.stableMs);
    if (stable) return { ok: true, tasks: all.filter((task) => task.DesiredState === "running" || task.Status.State === "complete") };
    const pending = tasks.some((task) => task.Status.State === "pending" && /no suitable node/.test(task.Status.Err ?? ""));
    pendingSince = pending ? (pendingSince ?? timing.now()) : undefined;
    const found = diagnoseTasks(evidence(tasks), pendingSince === undefined ? 0 : timing.now() - pendingSince, timing.pendingGraceMs);
    if (found !== undefined) return failWith((withLogs) => diagnoseTasks(withLogs, timing.pendingGraceMs, timing.pendingGraceMs) ?? found);
    const waited = timing.now() - started;
    if (waited >= timing.timeoutMs) return failWith((withLogs) => timeoutDiagnosis(withLogs, waited));
    await timing.sleep(Math.min(timing.pollMs, Math.max(1, timing.timeoutMs - waited)), timing.signal);
  }
}

/** What a task is doing, in words: `starting` says more when Swarm waits for a healthcheck. */
function taskState(task: SwarmTask, healthchecked: boolean): string {
  const state = task.Status.State;
  const detail = task.Status.Err ?? (state === "failed" && task.Status.ContainerStatus?.ExitCode !== undefined ? `exit code ${task.Status.ContainerStatus.ExitCode}` : undefined);
  if (state === "starting" && healthchecked) return "starting (waiting for its healthcheck)";
  if (state === "running" && healthchecked) return "running, healthy";
  return detail ? `${state} (${detail})` : state;
}

/**
 * Lines for the tasks whose state changed since the last poll (`seen` keeps the last one said):
 * this deploy's tasks, and, during an update, the earlier tasks Swarm stops as it replaces them.
 */
export function taskChanges(target: GateTarget, all: readonly SwarmTask[], current: readonly SwarmTask[], seen: Map<string, string>, healthchecked: boolean): string[] {
  const ids = new Set(current.map((task) => task.ID));
  const replaced = target.updated ? all.filter((task) => !ids.has(task.ID) && task.DesiredState !== "running" && (task.Status.State === "shutdown" || task.Status.State === "complete") && seen.has(`old:${task.ID}`) === false && seen.has(`live:${task.ID}`)) : [];
  for (const task of all) if (!ids.has(task.ID) && task.Status.State === "running") seen.set(`live:${task.ID}`, "running");
  const name = (task: SwarmTask) => `${target.spec.Name}.${task.Slot ?? task.NodeID ?? task.ID}`;
  const lines: string[] = [];
  for (const task of current) {
    const state = taskState(task, healthchecked);
    if (seen.get(task.ID) === state) continue;
    seen.set(task.ID, state);
    lines.push(`task ${name(task)} on ${target.hostOf(task.NodeID) || "no node yet"}: ${state}`);
  }
  for (const task of replaced) {
    seen.set(`old:${task.ID}`, "stopped");
    lines.push(`task ${name(task)} on ${target.hostOf(task.NodeID)}: previous version stopped`);
  }
  return lines;
}

/**
 * The UpdateStatus of this deploy's update: undefined while Swarm has not started one (an update
 * that changed no task never gets one), "none" for a created service. The manager clears the
 * status when it accepts an update, so a status is this update's, or its rollback's, unless it
 * is the one from before berth's update (`previousUpdate`). Not compared with `since`: Swarm's
 * updater stamps StartedAt just before it writes the service, so a `since` read after that write
 * is later than StartedAt (seen on 20.10: a release Swarm rolled back was taken for one that
 * changed no task, and called ready).
 */
export async function updateState(port: SwarmPort, target: Pick<GateTarget, "serviceId" | "previousUpdate">): Promise<{ state: string; message: string } | undefined> {
  const status = (await port.service(target.serviceId)).UpdateStatus;
  if (status?.State === undefined) return undefined;
  if (target.previousUpdate !== undefined && status.StartedAt === target.previousUpdate) return undefined;
  return { state: status.State, message: status.Message ?? "" };
}
