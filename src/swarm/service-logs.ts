import type { NodeFields, ServiceFields, TaskFields } from "./stack-tasks.js";
import { serviceNameIn } from "./stack-tasks.js";

/**
 * One line of a service's logs as the manager sends it with `details=1` (and `timestamps=1`):
 * `[TIMESTAMP ]com.docker.swarm.node.id=N,com.docker.swarm.service.id=S,com.docker.swarm.task.id=T message`.
 * The attributes name the task and the node that wrote the line, wherever it runs: the manager
 * gathers them from every node (seen on engine 20.10).
 */
export interface ServiceLogLine {
  readonly timestamp?: string;
  readonly taskId: string;
  readonly nodeId: string;
  readonly text: string;
}

const attributesPattern = /^((?:[\w.-]+=[^,\s]*)(?:,[\w.-]+=[^,\s]*)*) /;

/** Parses one line (without its newline); a line without the attributes keeps its whole text. */
export function parseServiceLogLine(line: string, timestamps: boolean): ServiceLogLine {
  let rest = line;
  let timestamp: string | undefined;
  if (timestamps) {
    const space = rest.indexOf(" ");
    timestamp = space < 0 ? rest : rest.slice(0, space);
    rest = space < 0 ? "" : rest.slice(space + 1);
  }
  const match = attributesPattern.exec(rest);
  const attributes = new Map((match?.[1] ?? "").split(",").map((pair) => pair.split("=", 2) as [string, string]));
  const text = match ? rest.slice(match[0].length) : rest;
  return {
    ...(timestamp === undefined ? {} : { timestamp }),
    taskId: decodeURIComponent(attributes.get("com.docker.swarm.task.id") ?? ""),
    nodeId: decodeURIComponent(attributes.get("com.docker.swarm.node.id") ?? ""),
    text,
  };
}

/** Names tasks and nodes as `docker stack ps` does: `service.slot` (a global task: `service.nodeid`) and the node's hostname. */
export interface LogNamer {
  /** `app.1@node-2`: the prefix of a line, berth's service name (without the stack). */
  prefixOf(line: ServiceLogLine): string;
}

export function logNamer(stack: string, services: readonly ServiceFields[], tasks: readonly TaskFields[], nodes: readonly NodeFields[]): LogNamer {
  const serviceOf = new Map(services.map((service) => [service.ID, serviceNameIn(stack, service.Spec.Name)]));
  const hostOf = new Map(nodes.map((node) => [node.ID, node.Description?.Hostname ?? node.ID]));
  const taskOf = new Map(tasks.map((task) => [task.ID, task]));
  return {
    prefixOf(line) {
      const task = taskOf.get(line.taskId);
      const service = task ? (serviceOf.get(task.ServiceID) ?? task.ServiceID) : "?";
      const slot = task?.Slot !== undefined && task.Slot > 0 ? String(task.Slot) : (task?.NodeID ?? line.taskId.slice(0, 12));
      const node = hostOf.get(line.nodeId) ?? (line.nodeId || "?");
      return `${service}.${slot}@${node}`;
    },
  };
}

/** The stack's services to read, by berth's names; unknown names are an error the caller words. */
export function selectStackServices(stack: string, services: readonly ServiceFields[], wanted: readonly string[]): { chosen: ServiceFields[]; unknown: string[] } {
  const byName = new Map(services.map((service) => [serviceNameIn(stack, service.Spec.Name), service]));
  if (wanted.length === 0) return { chosen: [...byName.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, service]) => service), unknown: [] };
  return { chosen: wanted.flatMap((name) => byName.get(name) ?? []), unknown: wanted.filter((name) => !byName.has(name)) };
}
