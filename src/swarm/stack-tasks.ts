/** The fields of `GET /services`, `/tasks` and `/nodes` that `berth ps` shows, as the Engine API names them. */
export interface ServiceFields {
  readonly ID: string;
  readonly Spec: {
    readonly Name: string;
    readonly Labels?: Readonly<Record<string, string>>;
    readonly Mode?: { readonly Replicated?: { readonly Replicas?: number }; readonly Global?: object; readonly ReplicatedJob?: object; readonly GlobalJob?: object };
    /** Read by `berth logs`: a TTY's output comes as one raw stream. */
    readonly TaskTemplate?: { readonly ContainerSpec?: { readonly TTY?: boolean } };
  };
}

export interface TaskFields {
  readonly ID: string;
  readonly ServiceID: string;
  readonly Slot?: number;
  readonly NodeID?: string;
  readonly DesiredState: string;
  readonly Status: { readonly State: string; readonly Timestamp?: string; readonly Err?: string; readonly ContainerStatus?: { readonly ContainerID?: string; readonly ExitCode?: number } };
  readonly Spec?: { readonly ContainerSpec?: { readonly Image?: string } };
  readonly CreatedAt?: string;
}

export interface NodeFields {
  readonly ID: string;
  readonly Description?: { readonly Hostname?: string };
  readonly Status?: { readonly State?: string; readonly Addr?: string };
}

/** The label docker stack deploy puts on every object of a stack (and berth's Swarm target too). */
export const stackNamespaceLabel = "com.docker.stack.namespace";

/** One task of a stack, as `berth ps` prints it. */
export interface TaskRow {
  /** `stack_service.slot` for replicated tasks, `stack_service.nodeid` for global ones (as docker service ps names them). */
  readonly name: string;
  readonly service: string;
  readonly node: string;
  /** The node's state as the managers see it (`ready`, `down`, `disconnected`, `unknown`); empty when the task has no node yet. */
  readonly nodeState: string;
  readonly desiredState: string;
  readonly state: string;
  readonly error: string;
  readonly image: string;
  readonly id: string;
}

/** The stack's service name without the `stack_` prefix docker stack deploy gives it. */
export function serviceNameIn(stack: string, serviceName: string): string {
  return serviceName.startsWith(`${stack}_`) ? serviceName.slice(stack.length + 1) : serviceName;
}

/** Image references are stored with their digest (`redis:7@sha256:…`); the tag is what users wrote. */
function imageOf(task: TaskFields): string {
  return (task.Spec?.ContainerSpec?.Image ?? "").replace(/@sha256:[0-9a-f]+$/, "");
}

/**
 * The stack's tasks with the node each runs on; within a slot the current task first, then the
 * older ones newest first, like `docker stack ps`:
 * a task that failed and was replaced stays listed with its error, so a crash loop or a task
 * rescheduled after a node failure is visible. Tasks of services outside the stack are dropped.
 */
export function stackTaskRows(stack: string, services: readonly ServiceFields[], tasks: readonly TaskFields[], nodes: readonly NodeFields[]): TaskRow[] {
  const serviceById = new Map(services.filter((service) => service.Spec.Labels?.[stackNamespaceLabel] === stack).map((service) => [service.ID, service]));
  const hostById = new Map(nodes.map((node) => [node.ID, node.Description?.Hostname ?? node.ID]));
  const stateById = new Map(nodes.map((node) => [node.ID, node.Status?.State ?? "unknown"]));
  const rows = tasks.flatMap((task) => {
    const service = serviceById.get(task.ServiceID);
    if (service === undefined) return [];
    const slot = task.Slot !== undefined && task.Slot > 0 ? String(task.Slot) : (task.NodeID ?? task.ID);
    const row: TaskRow = {
      name: `${service.Spec.Name}.${slot}`,
      service: serviceNameIn(stack, service.Spec.Name),
      node: task.NodeID === undefined || task.NodeID === "" ? "" : (hostById.get(task.NodeID) ?? task.NodeID),
      // A node that left the Swarm is gone from /nodes: its tasks' states are whatever it last reported.
      nodeState: task.NodeID === undefined || task.NodeID === "" ? "" : (stateById.get(task.NodeID) ?? "unknown"),
      desiredState: task.DesiredState,
      state: task.Status.State,
      error: task.Status.Err ?? "",
      image: imageOf(task),
      id: task.ID,
    };
    return [{ row, at: task.Status.Timestamp ?? task.CreatedAt ?? "" }];
  });
  const current = (row: TaskRow) => (row.desiredState === "running" ? 0 : 1);
  rows.sort((a, b) => a.row.name.localeCompare(b.row.name, undefined, { numeric: true }) || current(a.row) - current(b.row) || b.at.localeCompare(a.at));
  return rows.map((entry) => entry.row);
}

/**
 * The header and cells of `berth ps` on a Swarm manager (docker stack ps's columns, the service
 * added). A task on a node that is not ready says so beside the node: its current state is only
 * the last one that node reported (a stopped node's tasks still read "running").
 */
export function taskTable(rows: readonly TaskRow[]): { readonly header: string[]; readonly cells: string[][] } {
  return {
    header: ["NAME", "SERVICE", "NODE", "DESIRED STATE", "CURRENT STATE", "ERROR", "IMAGE"],
    cells: rows.map((row) => [row.name, row.service, nodeCell(row), row.desiredState, row.state, row.error, row.image]),
  };
}

function nodeCell(row: TaskRow): string {
  return row.nodeState === "" || row.nodeState === "ready" ? row.node : `${row.node} (node ${row.nodeState})`;
}
