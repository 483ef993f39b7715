import type { SwarmRole } from "./detect.js";
import { stackHealth, type NodeDetailFields, type StackHealth, type TaskDetailFields } from "./obs-health.js";
import { swarmReader, type SwarmReader } from "./swarm-client.js";
import { stackTaskRows, type TaskRow } from "./stack-tasks.js";

/** One read of a stack on a manager: its tasks as `berth ps` lists them, and what that means per service and node. */
export interface StackView {
  readonly tasks: TaskRow[];
  readonly health: StackHealth;
}

/** What `berth ps`, the dashboard and `/metrics` read from a Swarm manager. */
export interface SwarmObserver {
  readonly display: string;
  role(): Promise<SwarmRole>;
  stackView(stack: string): Promise<StackView>;
}

/** An observer for the engine `docker` would use (DOCKER_HOST, the docker context, the socket). */
export function swarmObserver(env: Readonly<Record<string, string | undefined>>): SwarmObserver {
  return observerOver(swarmReader(env));
}

/** The task rows and the health of a stack from one read of its services, tasks and nodes. */
export function observerOver(reader: Pick<SwarmReader, "display" | "role" | "stackObjects">): SwarmObserver {
  return {
    display: reader.display,
    role: () => reader.role(),
    async stackView(stack) {
      const { services, tasks, nodes } = await reader.stackObjects(stack);
      // The engine's objects carry every field it has; the detail types name the extra ones read here.
      return { tasks: stackTaskRows(stack, services, tasks, nodes), health: stackHealth(stack, services, tasks as TaskDetailFields[], nodes as NodeDetailFields[]) };
    },
  };
}

/**
 * For `berth serve`: the stack's nodes and tasks when the engine is a manager, null otherwise.
 * The role is asked at each call, so a scrape never shows a stale cluster.
 */
export function swarmOverview(env: Readonly<Record<string, string | undefined>>, observer: SwarmObserver = swarmObserver(env)): (project: string) => Promise<StackHealth | null> {
  return async (project) => ((await observer.role()) === "manager" ? (await observer.stackView(project)).health : null);
}
