import type { NodeView, ServiceHealth, StackHealth } from "./obs-health.js";
import { taskTable, type TaskRow } from "./stack-tasks.js";

/** Header and cells of a table; the CLI pads them into columns. */
export interface Table {
  readonly header: string[];
  readonly cells: string[][];
}

/** The Swarm's nodes: a node that is not ready says why, as the managers put it. */
export function nodeTable(nodes: readonly NodeView[]): Table {
  return {
    header: ["NODE", "ROLE", "AVAILABILITY", "STATE", "MESSAGE"],
    cells: nodes.map((node) => [node.name, node.leader ? `${node.role} (leader)` : node.role, node.availability, node.state, node.message]),
  };
}

/** Running out of desired per service, and the node of each task Swarm wants running. */
export function serviceTable(services: readonly ServiceHealth[]): Table {
  return {
    header: ["SERVICE", "MODE", "RUNNING", "TASKS (NODE, STATE)"],
    cells: services.map((service) => [
      service.service,
      service.mode,
      service.mode === "job" ? `${service.completed}/${service.desired} completed` : `${service.running}/${service.desired}`,
      service.placements.map((task) => `${task.task} (${task.node || "no node"}, ${task.state})`).join(", "),
    ]),
  };
}

/**
 * What a reader must not miss, one sentence a line: tasks lost with their node and where Swarm
 * put their slot, tasks that run nowhere with the scheduler's reason, and the services short of
 * their desired tasks. Empty when every service runs all it should.
 */
export function healthLines(health: StackHealth): string[] {
  const lost = health.services.flatMap((service) => service.lost.map((task) => `lost: ${task.task} on ${task.node} (node ${task.nodeState}); ${whereNow(task.replacement)}`));
  const pending = health.services.flatMap((service) => service.pending.map((task) => `not running: ${task.task} ${task.state}${task.message ? `: ${task.message}` : ""}`));
  const short = health.services.filter((service) => !service.ok).map((service) => `NOT HEALTHY: ${service.service} ${service.mode === "job" ? "job not complete" : `${service.running}/${service.desired} tasks running`}`);
  return [...lost, ...pending, ...short];
}

function whereNow(replacement: ServiceHealth["lost"][number]["replacement"]): string {
  if (replacement === undefined) return "not rescheduled";
  const why = `${replacement.state}${replacement.error ? `: ${replacement.error}` : ""}`;
  // A replacement without a node is Swarm's attempt that found nowhere to run.
  return replacement.node ? `rescheduled as ${replacement.task} on ${replacement.node}, ${why}` : `not rescheduled: its replacement ${replacement.task} is ${why}`;
}

/** Nodes that cannot run tasks now. */
export function nodesNotReady(nodes: readonly NodeView[]): NodeView[] {
  return nodes.filter((node) => node.state !== "ready");
}

/**
 * `berth ps` on a manager, as tables and sentences: the tasks, the nodes, the services, then what
 * a node failure did (or, when this stack lost nothing, which nodes are not ready anyway).
 */
export function stackSections(tasks: readonly TaskRow[], health: StackHealth): { readonly tables: Table[]; readonly lines: string[] } {
  const lines = healthLines(health);
  const idle = lines.length > 0 ? [] : nodesNotReady(health.nodes).map((node) => `node ${node.name} is ${node.state}${node.message ? ` (${node.message})` : ""}: no task of this stack was lost with it`);
  return { tables: [taskTable(tasks), nodeTable(health.nodes), serviceTable(health.services)], lines: [...lines, ...idle] };
}

/** The tasks and services named on the command line (all when none is named); nodes are the cluster's. */
export function narrowTo(services: readonly string[], tasks: readonly TaskRow[], health: StackHealth): { readonly tasks: TaskRow[]; readonly health: StackHealth } {
  const wanted = (service: string) => services.length === 0 || services.includes(service);
  return { tasks: tasks.filter((row) => wanted(row.service)), health: { nodes: health.nodes, services: health.services.filter((service) => wanted(service.service)) } };
}
