import Docker from "dockerode";
import { resolveEngineEndpoint, type EngineEndpoint } from "../engine/docker-host.js";
import { connectionOf } from "../engine/connect-docker-engine.js";
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
  const { docker, ask, endpoint } = managerApi(env, TIMEOUT_MS);
  return {
    display: endpoint.display,
    async role() {
      return swarmRoleOf(await ask<SwarmInfoFields>("asking the engine whether it is a Swarm manager", () => docker.info()));
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
      ask<ServiceFields[]>("listing the stack's services", () => docker.listServices({ filters })),
      ask<NodeFields[]>("listing the Swarm's nodes", () => docker.listNodes()),
    ]);
    const tasks = services.length === 0 ? [] : await ask<TaskFields[]>("listing the stack's tasks", () => docker.listTasks({ filters: JSON.stringify({ service: services.map((service) => service.ID) }) }));
    return { services, tasks, nodes };
  }
}

/** A client of the manager's Engine API and `ask`, which turns a failure into an EngineError naming what was being done. */
export function managerApi(env: Readonly<Record<string, string | undefined>>, timeoutMs: number): { docker: Docker; endpoint: EngineEndpoint; ask: <T>(what: string, request: () => Promise<unknown>) => Promise<T> } {
  const endpoint = resolveEngineEndpoint(env);
  // API 1.41 (engine 20.10) has everything berth's Swarm target uses; berth's minimum, so no negotiation is needed.
  const docker = new Docker({ ...connectionOf(endpoint), version: "v1.41", timeout: timeoutMs });
  const ask = async <T>(what: string, request: () => Promise<unknown>): Promise<T> => {
    try {
      return (await request()) as T;
    } catch (error) {
      throw toEngineError(error, what, endpoint.display);
    }
  };
  return { docker, endpoint, ask };
}
