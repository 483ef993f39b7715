import { serviceNameIn, stackNamespaceLabel, type NodeFields, type ServiceFields, type TaskFields } from "./stack-tasks.js";

/** `GET /nodes` with the fields that say whether a node can run tasks (role, availability, why it is down). */
export interface NodeDetailFields extends NodeFields {
  readonly Spec?: { readonly Role?: string; readonly Availability?: string };
  readonly Status?: { readonly State?: string; readonly Addr?: string; readonly Message?: string };
  readonly ManagerStatus?: { readonly Leader?: boolean; readonly Reachability?: string };
}

/** `GET /tasks` with the scheduler's message ("pending task scheduling", "started"). */
export type TaskDetailFields = TaskFields & { readonly Status: { readonly Message?: string } };

/** A node as berth shows it: the managers' view of its state (`ready`, `down`, `disconnected`, `unknown`). */
export interface NodeView {
  readonly id: string;
  readonly name: string;
  readonly role: string;
  readonly availability: string;
  readonly state: string;
  /** Why the node is not ready, as the managers say it ("heartbeat failure"); empty when ready. */
  readonly message: string;
  readonly leader: boolean;
}

/** A task that was live on a node that is no longer ready, and what became of its slot. */
export interface LostTask {
  readonly task: string;
  readonly node: string;
  readonly nodeState: string;
  /** The task that took its slot (replicated services), or undefined when Swarm made none. */
  readonly replacement?: { readonly task: string; readonly node: string; readonly state: string; readonly error: string };
}

/** A task Swarm wants running that runs nowhere, with the scheduler's reason. */
export interface PendingTask {
  readonly task: string;
  readonly state: string;
  readonly message: string;
}

/** One service of the stack: how many tasks must run, how many really do, and what a node failure did. */
export interface ServiceHealth {
  readonly service: string;
  readonly mode: "replicated" | "global" | "job";
  readonly desired: number;
  /** Tasks running on a ready node; a task on a down node counts as not running, whatever it last reported. */
  readonly running: number;
  /** Tasks that ran to completion (what a job is judged by). */
  readonly completed: number;
  /** Every desired task runs (for a job: every completion is done, or it is still running). */
  readonly ok: boolean;
  readonly placements: readonly { readonly task: string; readonly node: string; readonly state: string }[];
  readonly lost: readonly LostTask[];
  readonly pending: readonly PendingTask[];
}

export interface StackHealth {
  readonly nodes: readonly NodeView[];
  readonly services: readonly ServiceHealth[];
}

// States of a task that had been handed to its node and not finished: such a task on a node that
// stops reporting is lost, not done.
const liveStates = new Set(["assigned", "accepted", "preparing", "ready", "starting", "running"]);
// A task the orchestrator still wants (its desired state is `ready` while it waits for a node or
// for the slot's old task to stop, `running` after).
const wantedStates = new Set(["ready", "running"]);

export function nodeViews(nodes: readonly NodeDetailFields[]): NodeView[] {
  return nodes
    .map((node) => ({
      id: node.ID,
      name: node.Description?.Hostname ?? node.ID,
      role: node.Spec?.Role ?? "unknown",
      availability: node.Spec?.Availability ?? "unknown",
      state: node.Status?.State ?? "unknown",
      message: node.Status?.State === "ready" ? "" : (node.Status?.Message ?? ""),
      leader: node.ManagerStatus?.Leader === true,
    }))
    .sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
}

/**
 * The stack's services as they really are: a task counts as running only when Swarm wants it
 * running, it reports running, and its node is ready. The Engine's own `ServiceStatus` (and `docker
 * service ls`) counts the last report of a node that is down, so after a node failure it shows a
 * pinned service 1/1 while its only task is pending and 3/2 for a service whose task moved.
 */
export function stackHealth(stack: string, services: readonly ServiceFields[], tasks: readonly TaskDetailFields[], nodes: readonly NodeDetailFields[]): StackHealth {
  const views = nodeViews(nodes);
  const nodeById = new Map(views.map((node) => [node.id, node]));
  const own = services.filter((service) => service.Spec.Labels?.[stackNamespaceLabel] === stack);
  const health = own.map((service) => serviceHealth(stack, service, tasks.filter((task) => task.ServiceID === service.ID), nodeById));
  return { nodes: views, services: health.sort((a, b) => a.service.localeCompare(b.service)) };
}

function serviceHealth(stack: string, service: ServiceFields, tasks: readonly TaskDetailFields[], nodeById: ReadonlyMap<string, NodeView>): ServiceHealth {
  const name = service.Spec.Name;
  const nodeOf = (task: TaskFields) => (task.NodeID ? nodeById.get(task.NodeID) : undefined);
  const nodeName = (task: TaskFields) => (task.NodeID ? (nodeOf(task)?.name ?? task.NodeID) : "");
  const taskName = (task: TaskFields) => `${name}.${task.Slot !== undefined && task.Slot > 0 ? task.Slot : (task.NodeID ?? task.ID)}`;
  const onReadyNode = (task: TaskFields) => nodeOf(task)?.state === "ready";
  const wanted = tasks.filter((task) => wantedStates.has(task.DesiredState));
  const running = wanted.filter((task) => task.Status.State === "running" && onReadyNode(task));
  const lost = tasks
    .filter((task) => liveStates.has(task.Status.State) && task.NodeID && !onReadyNode(task))
    .map((task): LostTask => {
      const replacement = task.Slot ? wanted.find((other) => other.Slot === task.Slot && other.ID !== task.ID && onReadyNodeOrNone(other)) : undefined;
      return {
        task: taskName(task),
        node: nodeName(task),
        nodeState: nodeOf(task)?.state ?? "unknown",
        ...(replacement === undefined ? {} : { replacement: { task: taskName(replacement), node: nodeName(replacement), state: replacement.Status.State, error: replacement.Status.Err ?? "" } }),
      };
    });
  const pending = wanted
    .filter((task) => task.Status.State !== "running" && !(task.NodeID && !onReadyNode(task)))
    .map((task) => ({ task: taskName(task), state: task.Status.State, message: task.Status.Err ?? task.Status.Message ?? "" }))
    .sort((a, b) => a.task.localeCompare(b.task, undefined, { numeric: true }));
  const mode = modeOf(service);
  const desired = desiredOf(service, wanted, nodeById);
  const completed = tasks.filter((task) => task.Status.State === "complete").length;
  const ok = mode === "job" ? completed >= desired || running.length > 0 : running.length >= desired;
  return {
    service: serviceNameIn(stack, name),
    mode,
    desired,
    running: running.length,
    completed,
    ok,
    placements: wanted.map((task) => ({ task: taskName(task), node: nodeName(task), state: task.Status.State })).sort((a, b) => a.task.localeCompare(b.task, undefined, { numeric: true })),
    lost,
    pending,
  };

  function onReadyNodeOrNone(task: TaskFields): boolean {
    return !task.NodeID || onReadyNode(task);
  }
}

function modeOf(service: ServiceFields): ServiceHealth["mode"] {
  const mode = service.Spec.Mode;
  if (mode?.ReplicatedJob !== undefined || mode?.GlobalJob !== undefined) return "job";
  return mode?.Global !== undefined ? "global" : "replicated";
}

/**
 * Replicated: the replicas of the spec. Global: one per node the orchestrator gave a task to (a
 * node that went down keeps its task, so its loss shows). Job: the completions asked for.
 */
function desiredOf(service: ServiceFields, wanted: readonly TaskFields[], nodeById: ReadonlyMap<string, NodeView>): number {
  const mode = service.Spec.Mode as { Replicated?: { Replicas?: number }; Global?: object; ReplicatedJob?: { TotalCompletions?: number } } | undefined;
  if (mode?.Global !== undefined) return new Set(wanted.flatMap((task) => (task.NodeID && nodeById.has(task.NodeID) ? [task.NodeID] : []))).size;
  if (mode?.ReplicatedJob !== undefined) return mode.ReplicatedJob.TotalCompletions ?? 1;
  return mode?.Replicated?.Replicas ?? 1;
}

/** The services whose desired tasks are not all running: what `berth ps --check` fails on. */
export function shortServices(health: StackHealth): ServiceHealth[] {
  return health.services.filter((service) => !service.ok);
}
