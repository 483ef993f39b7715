import type { SwarmTask } from "./swarm-port.js";

/**
 * A failed Swarm service explained, in the shape and, where one exists, the code of single-host
 * diagnosis (src/deploy/diagnose/): image-not-found, port-in-use, oom-killed, crash-loop,
 * exit-nonzero, gate-timeout; two more only Swarm has: no-suitable-node and task-rejected.
 */
export interface TaskDiagnosis {
  readonly code: "image-not-found" | "port-in-use" | "oom-killed" | "crash-loop" | "exit-nonzero" | "gate-timeout" | "no-suitable-node" | "task-rejected" | "rolled-back";
  readonly message: string;
  readonly evidence: {
    readonly node: string;
    readonly task: string;
    readonly state: string;
    readonly error: string;
    readonly exitCode?: number;
    readonly failedTasks: number;
    readonly logTail?: string;
  };
  readonly hint: string;
}

/** What the classifier reads: the service's tasks since this deploy touched it, and how to name a node. */
export interface TaskEvidence {
  readonly service: string;
  /** `<stack>_<service>`, as `docker service logs` wants it. */
  readonly swarmName: string;
  readonly image: string;
  /** Tasks created since the deploy created or updated the service, newest last. */
  readonly tasks: readonly SwarmTask[];
  readonly hostOf: (nodeId: string | undefined) => string;
  readonly memoryLimitBytes?: number;
  /** `condition: none`, or `on-failure` with max_attempts: Swarm will not try again past it. */
  readonly restartsLeft: boolean;
  readonly logTail?: string;
}

/** Tasks that failed for good: Swarm marks them failed or rejected (and replaces them when the restart policy allows). */
export function failedTasks(tasks: readonly SwarmTask[]): SwarmTask[] {
  return tasks.filter((task) => task.Status.State === "failed" || task.Status.State === "rejected");
}

/** How many failed tasks make a crash loop: Swarm has restarted the service twice and it failed again. */
export const crashLoopTasks = 3;

/**
 * The diagnosis of a service whose tasks failed, or undefined while it may still converge:
 * a rejected task (image missing, mount source missing) ends it at once, as does a pending task
 * Swarm says no node can take; failed tasks end it at {@link crashLoopTasks}, or at the first
 * when the restart policy allows no more.
 */
export function diagnoseTasks(evidence: TaskEvidence, pendingForMs: number, pendingGraceMs: number): TaskDiagnosis | undefined {
  const failed = failedTasks(evidence.tasks);
  const rejected = failed.filter((task) => task.Status.State === "rejected").at(-1);
  if (rejected !== undefined) return rejectedDiagnosis(evidence, rejected, failed.length);
  const pending = evidence.tasks.filter((task) => task.Status.State === "pending" && task.DesiredState === "running" && /no suitable node/.test(task.Status.Err ?? "")).at(-1);
  if (pending !== undefined && pendingForMs >= pendingGraceMs) return pendingDiagnosis(evidence, pending, failed.length);
  const last = failed.at(-1);
  if (last === undefined) return undefined;
  if (failed.length < crashLoopTasks && evidence.restartsLeft) return undefined;
  return failedDiagnosis(evidence, last, failed.length);
}

/** The deadline passed: what the newest task was doing, quoted. */
export function timeoutDiagnosis(evidence: TaskEvidence, waitedMs: number): TaskDiagnosis {
  const last = evidence.tasks.at(-1);
  const state = last?.Status.State ?? "no task";
  const detail = last?.Status.Err || last?.Status.Message || "";
  return {
    code: "gate-timeout",
    message: `${evidence.service} was not ready after ${Math.round(waitedMs / 1000)} s: its newest task is ${state}${last ? ` on ${where(evidence, last)}` : ""}${detail ? ` ("${detail}")` : ""}`,
    evidence: evidenceOf(evidence, last, failedTasks(evidence.tasks).length),
    hint: state === "starting" ? "the task runs but its healthcheck has not passed: read `docker service logs` and the healthcheck command" : "give it longer with --wait-timeout, or read `docker service ps --no-trunc` for the task's state",
  };
}

/** An update Swarm rolled back or paused (`UpdateStatus`): the release did not go live. */
export function updateDiagnosis(evidence: TaskEvidence, state: string, message: string): TaskDiagnosis {
  const last = failedTasks(evidence.tasks).at(-1) ?? evidence.tasks.at(-1);
  return {
    code: "rolled-back",
    message: `Swarm's update of ${evidence.service} ended ${state.replace(/_/g, " ")}${message ? ` ("${message}")` : ""}${last ? `; last task on ${where(evidence, last)}: ${last.Status.State}${last.Status.Err ? ` ("${last.Status.Err}")` : ""}` : ""}`,
    evidence: evidenceOf(evidence, last, failedTasks(evidence.tasks).length),
    hint: "the service runs its previous release (or is paused mid-way): fix the new release and run up again",
  };
}

function where(evidence: TaskEvidence, task: SwarmTask): string {
  const host = evidence.hostOf(task.NodeID);
  return host === "" ? "no node" : `node ${host}`;
}

function evidenceOf(evidence: TaskEvidence, task: SwarmTask | undefined, failed: number): TaskDiagnosis["evidence"] {
  const exitCode = task?.Status.ContainerStatus?.ExitCode;
  return {
    node: evidence.hostOf(task?.NodeID),
    task: task?.ID ?? "",
    state: task?.Status.State ?? "",
    error: task?.Status.Err ?? "",
    ...(exitCode !== undefined ? { exitCode } : {}),
    failedTasks: failed,
    ...(evidence.logTail ? { logTail: evidence.logTail } : {}),
  };
}

function rejectedDiagnosis(evidence: TaskEvidence, task: SwarmTask, failed: number): TaskDiagnosis {
  const err = task.Status.Err ?? "";
  const base = { evidence: evidenceOf(evidence, task, failed) };
  if (/No such image|manifest unknown|pull access denied|not found/i.test(err) && /image/i.test(err)) {
    return { ...base, code: "image-not-found", message: `image "${evidence.image}" is not on ${where(evidence, task)} and could not be pulled: "${err}"`, hint: "load it into every node that may run the task (docker save | docker -H NODE load) or push it to a registry the nodes reach" };
  }
  if (/bind source path does not exist|invalid mount config/i.test(err)) {
    return { ...base, code: "task-rejected", message: `${where(evidence, task)} rejected a task of ${evidence.service}: "${err}"`, hint: "a bind mount's source must exist on every node that may run the task: create it there, or pin the service with deploy.placement.constraints" };
  }
  return { ...base, code: "task-rejected", message: `${where(evidence, task)} rejected a task of ${evidence.service}: "${err}"`, hint: "read `docker service ps --no-trunc` on the manager and `docker events` on that node" };
}

function pendingDiagnosis(evidence: TaskEvidence, task: SwarmTask, failed: number): TaskDiagnosis {
  const err = task.Status.Err ?? "";
  const base = { evidence: evidenceOf(evidence, task, failed) };
  if (/port already in use/i.test(err)) {
    return { ...base, code: "port-in-use", message: `no node can take a task of ${evidence.service}: its host-mode port is already in use ("${err}")`, hint: "two tasks with one host-mode port cannot share a node: set deploy.placement.max_replicas_per_node: 1 with enough nodes, or free the port" };
  }
  return { ...base, code: "no-suitable-node", message: `no node can take a task of ${evidence.service}: "${err}"`, hint: "compare deploy.placement.constraints and deploy.resources.reservations with the nodes (`docker node ls`, `docker node inspect NODE --format '{{.Spec.Labels}}'`)" };
}

function failedDiagnosis(evidence: TaskEvidence, task: SwarmTask, failed: number): TaskDiagnosis {
  const err = task.Status.Err ?? "";
  const exit = task.Status.ContainerStatus?.ExitCode;
  const base = { evidence: evidenceOf(evidence, task, failed) };
  const logs = "read its output: docker service logs --tail 50 " + evidence.swarmName;
  if (exit === 137 && evidence.memoryLimitBytes !== undefined) {
    return { ...base, code: "oom-killed", message: `${evidence.service} was killed (exit 137) on ${where(evidence, task)} with a memory limit of ${Math.round(evidence.memoryLimitBytes / 1048576)} MiB: most likely out of memory ("${err}")`, hint: "raise deploy.resources.limits.memory or lower the program's memory use; `docker inspect` of the task's container on that node shows OOMKilled" };
  }
  if (failed >= crashLoopTasks) {
    return { ...base, code: "crash-loop", message: `${evidence.service} keeps failing: ${failed} tasks failed since this deploy, the last on ${where(evidence, task)}: "${err}"`, hint: logs };
  }
  return { ...base, code: "exit-nonzero", message: `${evidence.service} failed on ${where(evidence, task)} and its restart policy allows no retry: "${err}"`, hint: logs };
}
