/*
 * The Swarm part of a report (docs/swarm.md "berth report on a manager"): the cluster's nodes,
 * each service's tasks and their nodes, what a node failure did, and the steps of the last `up`.
 * The report layer cannot import the swarm layer, so the shape is declared here and filled by the
 * CLI from the same stack view `berth ps` reads.
 */

/** A node as the managers see it. */
export interface SwarmReportNode {
  readonly name: string;
  readonly role: string;
  readonly availability: string;
  /** `ready`, `down`, `disconnected`, `unknown`. */
  readonly state: string;
  /** Why the node is not ready ("heartbeat failure"); empty when ready. */
  readonly message: string;
  readonly leader: boolean;
}

/** A task that was live on a node that is no longer ready, and where Swarm put its slot. */
export interface SwarmReportLostTask {
  readonly task: string;
  readonly node: string;
  readonly nodeState: string;
  readonly replacement?: { readonly task: string; readonly node: string; readonly state: string; readonly error: string };
}

/** One service of the stack: running out of desired tasks (a task on a node that is down does not run). */
export interface SwarmReportService {
  readonly service: string;
  readonly mode: "replicated" | "global" | "job";
  readonly desired: number;
  readonly running: number;
  readonly completed: number;
  readonly ok: boolean;
  readonly placements: readonly { readonly task: string; readonly node: string; readonly state: string }[];
  readonly lost: readonly SwarmReportLostTask[];
  readonly pending: readonly { readonly task: string; readonly state: string; readonly message: string }[];
}

/** A step of the run's journal (`create service`, `update service`, ...), as `berth up` on a manager wrote it. */
export interface SwarmReportStep {
  readonly service: string;
  readonly operation: string;
  readonly outcome: string;
  readonly startedAt: string;
  readonly endedAt: string;
  readonly detail: string;
}

export interface SwarmReportPart {
  /** The manager berth asked (DOCKER_HOST or the docker context). */
  readonly manager: string;
  readonly nodes: readonly SwarmReportNode[];
  readonly services: readonly SwarmReportService[];
  /** The sentences `berth ps` prints: lost tasks and where they went, tasks running nowhere, short services. */
  readonly lines: readonly string[];
  /** The run whose steps are shown (the latest run that deployed), or null when berth never deployed this stack. */
  readonly stepsRun: string | null;
  readonly steps: readonly SwarmReportStep[];
}

/** Nodes that are not ready and held a task of this stack when they stopped reporting. */
export function nodesLostWithTasks(part: SwarmReportPart): string[] {
  const nodes = new Set(part.services.flatMap((service) => service.lost.map((task) => task.node)));
  return part.nodes.filter((node) => nodes.has(node.name)).map((node) => node.name);
}

/** What the Swarm part adds to the verdict's failures: a stack the manager has no service of is not deployed. */
export function swarmFailures(part: SwarmReportPart): string[] {
  return part.services.length === 0 ? [`the Swarm manager ${part.manager} has no service of this stack (not deployed, or removed)`] : [];
}

/**
 * What the Swarm part adds to the verdict's warnings. A service short of tasks already fails the
 * verdict as a service that is not ready; a node that went down holding a task whose slot runs
 * again elsewhere fails nothing the file declared, and is said.
 */
export function swarmWarnings(part: SwarmReportPart): string[] {
  const rescheduled = part.services.flatMap((service) =>
    service.ok ? service.lost.filter((task) => task.replacement?.state === "running").map((task) => `service ${service.service} lost ${task.task} with node ${task.node} (${task.nodeState}); Swarm runs it again on ${task.replacement?.node ?? "?"}`) : [],
  );
  const idle = part.nodes.filter((node) => node.state !== "ready" && !nodesLostWithTasks(part).includes(node.name)).map((node) => `node ${node.name} is ${node.state}${node.message ? ` (${node.message})` : ""}: no task of this stack was lost with it`);
  const unrecorded = part.stepsRun === null ? ["no berth up recorded for this stack: the steps of its deployment are unknown (deployed by docker stack deploy?)"] : [];
  return [...rescheduled, ...idle, ...unrecorded];
}

/** The running/desired cell: `2/2`, or for a job `1/1 completed`. */
export function runningCell(service: SwarmReportService): string {
  return service.mode === "job" ? `${service.completed}/${service.desired} completed` : `${service.running}/${service.desired}`;
}

/** Each task Swarm wants running, with its node and state. */
export function placementsCell(service: SwarmReportService): string {
  return service.placements.map((task) => `${task.task} (${task.node || "no node"}, ${task.state})`).join(", ") || "-";
}

/** A node's role, the leader marked. */
export function roleCell(node: SwarmReportNode): string {
  return node.leader ? `${node.role} (leader)` : node.role;
}

/** How long a step took, in seconds with one decimal. */
export function stepSeconds(step: SwarmReportStep): string {
  const ms = Date.parse(step.endedAt) - Date.parse(step.startedAt);
  return Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)} s` : "-";
}
