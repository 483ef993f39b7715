import { UsageError } from "../../common/errors.js";
import type { Redactor } from "../../common/redact.js";
import { logNamer, parseServiceLogLine, selectStackServices, type LogNamer } from "../../swarm/service-logs.js";
import type { SwarmReader } from "../../swarm/swarm-client.js";
import type { ServiceFields } from "../../swarm/stack-tasks.js";
import { LineBuffer } from "../render/line-buffer.js";

export interface SwarmLogsOptions {
  readonly tail?: number;
  readonly timestamps: boolean;
  readonly follow: boolean;
  readonly prefix: boolean;
}

/**
 * `berth logs` against a Swarm manager: each service's output from every node, gathered by the
 * manager (`docker service logs`), one line per line, prefixed `service.slot@node` (the task and
 * the node that wrote it, whatever node it runs on); with `--follow` until Ctrl-C, tasks that
 * start meanwhile (an update, a rescheduled task) included.
 */
export async function swarmLogs(reader: SwarmReader, stack: string, wanted: readonly string[], options: SwarmLogsOptions, signal: AbortSignal, redactor: Redactor, write: (text: string) => void): Promise<void> {
  let objects = await reader.stackObjects(stack);
  const { chosen, unknown } = selectStackServices(stack, objects.services, wanted);
  if (unknown.length > 0) throw new UsageError(`no service ${unknown.join(", ")} in stack ${stack} on the Swarm manager ${reader.display}`);
  let namer = logNamer(stack, objects.services, objects.tasks, objects.nodes);
  const width = Math.max(0, ...objects.tasks.filter((task) => chosen.some((service) => service.ID === task.ServiceID)).map((task) => prefixOfTask(namer, task.ID, task.NodeID ?? "").length));
  // A line of a task the first read did not know (it started since): the stack is read again, once per such task.
  const refreshed = new Set<string>();
  const nameOf = async (taskId: string, nodeId: string): Promise<string> => {
    if (!objects.tasks.some((task) => task.ID === taskId) && !refreshed.has(taskId)) {
      refreshed.add(taskId);
      objects = await reader.stackObjects(stack).catch(() => objects);
      namer = logNamer(stack, objects.services, objects.tasks, objects.nodes);
    }
    return prefixOfTask(namer, taskId, nodeId);
  };
  const print = async (line: string) => {
    const parsed = parseServiceLogLine(line, options.timestamps);
    const text = `${parsed.timestamp === undefined ? "" : `${parsed.timestamp} `}${parsed.text}`;
    write(redactor.text(options.prefix ? `${(await nameOf(parsed.taskId, parsed.nodeId)).padEnd(width)} | ${text}\n` : `${text}\n`));
  };
  const readService = async (service: ServiceFields) => {
    const lines = new LineBuffer();
    const tty = service.Spec.TaskTemplate?.ContainerSpec?.TTY === true;
    for await (const chunk of reader.serviceLogs(service.ID, { ...(options.tail === undefined ? {} : { tail: options.tail }), timestamps: options.timestamps, follow: options.follow, tty }, signal)) {
      for (const line of splitLines(lines.push(chunk.text))) await print(line);
    }
    for (const line of splitLines(lines.flush())) await print(line);
  };
  if (options.follow) await Promise.all(chosen.map(readService));
  else for (const service of chosen) await readService(service);
}

function prefixOfTask(namer: LogNamer, taskId: string, nodeId: string): string {
  return namer.prefixOf({ taskId, nodeId, text: "" });
}

function splitLines(text: string): string[] {
  if (text === "") return [];
  return (text.endsWith("\n") ? text.slice(0, -1) : text).split("\n");
}
