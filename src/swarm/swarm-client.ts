import { createRequire } from "node:module";
import type Docker from "dockerode";
import { resolveEngineEndpoint, type EngineEndpoint } from "../engine/docker-host.js";
import { connectionOf } from "../engine/connect-docker-engine.js";
import { EngineHttp } from "../engine/engine-http.js";
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
  return {
    display: endpoint.display,
    async role() {
      return swarmRoleOf(await ask<SwarmInfoFields>("asking the engine whether it is a Swarm manager", () => http.json({ path: "/info" })));
    },
    stackObjects,
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
