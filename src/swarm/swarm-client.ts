import { createRequire } from "node:module";
import type Docker from "dockerode";
import { resolveEngineEndpoint, type EngineEndpoint } from "../engine/docker-host.js";
import { connectionOf } from "../engine/connect-docker-engine.js";
import { StringDecoder } from "node:string_decoder";
import { EngineHttp } from "../engine/engine-http.js";
import { FrameDecoder } from "../engine/stream-frames.js";
import type { LogChunk } from "../engine/types/stream.js";
import { toEngineError } from "../engine/engine-errors.js";
import { swarmRoleOf, type SwarmInfoFields, type SwarmRole } from "./detect.js";
import { stackNamespaceLabel, stackTaskRows, type NodeFields, type ServiceFields, type TaskFields, type TaskRow } from "./stack-tasks.js";

/** The read-only part of the Swarm API berth's Swarm target uses so far. */
export interface SwarmReader {
  readonly display: string;
  role(): Promise<SwarmRole>;
  /** Every task of the stack with its node, as `berth ps` prints them. */
  stackTasks(stack: string): Promise<TaskRow[]>;
  /** The stack's services, their tasks and every node, as the Engine API gives them (one read). */
  stackObjects(stack: string): Promise<StackObjects>;
  /**
   * A service's output from every node, gathered by the manager (`docker service logs`), with the
   * task and node of each line (`details=1`); until it ends, or as written with `follow`.
   */
  serviceLogs(serviceId: string, options: ServiceLogOptions, signal: AbortSignal): AsyncGenerator<LogChunk>;
}

export interface ServiceLogOptions {
  readonly tail?: number;
  readonly timestamps: boolean;
  readonly follow: boolean;
  /** The service's tasks have a TTY: one raw stream instead of multiplexed frames. */
  readonly tty: boolean;
}

/** The raw lists one read of a stack gets; nodes and tasks keep every field the engine sent. */
export interface StackObjects {
  readonly services: ServiceFields[];
  readonly tasks: TaskFields[];
  readonly nodes: NodeFields[];
}

const TIMEOUT_MS = 10_000;

/** A reader for the engine `docker` would use (DOCKER_HOST, the docker context, the socket). */
export function swarmReader(env: Readonly<Record<string, string | undefined>>): SwarmReader {
  // Reads go over Node's own http: `berth up` and `down` ask for the role on every run, and
  // dockerode (managerApi's client, for the writes) costs ~165 ms to load.
  const endpoint = resolveEngineEndpoint(env);
  const ask = askerFor(endpoint);
  const http = new EngineHttp(endpoint, { version: "1.41", timeoutMs: TIMEOUT_MS });
  // A followed log may be silent for minutes: no idle timeout, Ctrl-C (the signal) ends it.
  const streams = new EngineHttp(endpoint, { version: "1.41" });
  return {
    display: endpoint.display,
    async role() {
      return swarmRoleOf(await ask<SwarmInfoFields>("asking the engine whether it is a Swarm manager", () => http.json({ path: "/info" })));
    },
    stackObjects,
    serviceLogs: (serviceId, options, signal) => serviceLogs(streams, endpoint, serviceId, options, signal),
    async stackTasks(stack) {
      const { services, tasks, nodes } = await stackObjects(stack);
      return stackTaskRows(stack, services, tasks, nodes);
    },
  };

  async function stackObjects(stack: string): Promise<StackObjects> {
    const filters = JSON.stringify({ label: [`${stackNamespaceLabel}=${stack}`] });
    const [services, nodes] = await Promise.all([
      ask<ServiceFields[]>("listing the stack's services", () => http.json({ path: "/services", query: { filters } })),
      ask<NodeFields[]>("listing the Swarm's nodes", () => http.json({ path: "/nodes" })),
    ]);
    const tasks = services.length === 0 ? [] : await ask<TaskFields[]>("listing the stack's tasks", () => http.json({ path: "/tasks", query: { filters: JSON.stringify({ service: services.map((service) => service.ID) }) } }));
    return { services, tasks, nodes };
  }
}

async function* serviceLogs(http: EngineHttp, endpoint: EngineEndpoint, serviceId: string, options: ServiceLogOptions, signal: AbortSignal): AsyncGenerator<LogChunk> {
  const query = { stdout: true, stderr: true, details: true, timestamps: options.timestamps, follow: options.follow, tail: options.tail === undefined ? "all" : String(options.tail) };
  let response: NodeJS.ReadableStream;
  try {
    response = await http.send({ path: `/services/${serviceId}/logs`, query, signal });
  } catch (error) {
    if (signal.aborted) return;
    throw toEngineError(error, "reading the service's logs", endpoint.display);
  }
  const frames = new FrameDecoder();
  const raw = new StringDecoder("utf8");
  try {
    for await (const chunk of response) {
      if (options.tty) yield { stream: "stdout", text: raw.write(chunk as Buffer) };
      else yield* frames.push(chunk as Buffer);
    }
  } catch (error) {
    if (!signal.aborted) throw toEngineError(error, "reading the service's logs", endpoint.display);
  }
}

/** A client of the manager's Engine API and `ask`, which turns a failure into an EngineError naming what was being done. */
export function managerApi(env: Readonly<Record<string, string | undefined>>, timeoutMs: number): { docker: Docker; endpoint: EngineEndpoint; ask: <T>(what: string, request: () => Promise<unknown>) => Promise<T> } {
  const endpoint = resolveEngineEndpoint(env);
  // dockerode is loaded here, on first use, not by every command that imports this module.
  const Dockerode = createRequire(import.meta.url)("dockerode") as typeof Docker;
  // API 1.41 (engine 20.10) has everything berth's Swarm target uses; berth's minimum, so no negotiation is needed.
  const docker = new Dockerode({ ...connectionOf(endpoint), version: "v1.41", timeout: timeoutMs });
  return { docker, endpoint, ask: askerFor(endpoint) };
}

/** `ask`: runs a request, turning a failure into an EngineError naming what was being done. */
function askerFor(endpoint: EngineEndpoint): <T>(what: string, request: () => Promise<unknown>) => Promise<T> {
  return async <T>(what: string, request: () => Promise<unknown>): Promise<T> => {
    try {
      return (await request()) as T;
    } catch (error) {
      throw toEngineError(error, what, endpoint.display);
    }
  };
}
