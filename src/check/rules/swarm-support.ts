import type { Service } from "../../compose/model/project.js";
import type { CheckContext } from "../context.js";
import type { Location } from "../finding.js";

/**
 * What the Swarm rules share. `berth check --target swarm` judges a compose file as
 * `docker stack deploy` takes it (docker/cli's compose loader and its conversion to Swarm
 * services), because that is the mapping berth's Swarm target follows.
 */

/** Where the user wrote a key: the exact position, or undefined when the loader generated it. */
export function writtenAt(context: CheckContext, path: readonly (string | number)[]): Location | undefined {
  const found = context.project.meta.sourceMap.locate(path);
  return found === undefined ? undefined : context.locate(path);
}

/** The service's placement constraints (`deploy.placement.constraints`), as written. */
export function placementConstraints(service: Service): string[] {
  const placement = service.deploy?.["placement"];
  if (typeof placement !== "object" || placement === null) return [];
  const constraints = (placement as { constraints?: unknown }).constraints;
  return Array.isArray(constraints) ? constraints.map(String) : [];
}

/** A constraint that names one node (hostname, id) or a node label: the task cannot move elsewhere. */
export function pinnedToNode(service: Service): string | undefined {
  return placementConstraints(service).find((constraint) => /^\s*node\.(hostname|id|labels\.[^=!\s]+)\s*==/.test(constraint));
}

/** How many tasks the service may run: `global` counts as many (one per node). */
export function runsSeveralTasks(service: Service): boolean {
  const mode = service.deploy?.mode;
  if (mode === "global" || mode === "global-job") return true;
  return (service.deploy?.replicas ?? 1) > 1;
}

/** `deploy.placement.max_replicas_per_node`, when set. */
export function placementMaxReplicasPerNode(service: Service): number | undefined {
  const placement = service.deploy?.["placement"];
  if (typeof placement !== "object" || placement === null) return undefined;
  const max = (placement as { max_replicas_per_node?: unknown }).max_replicas_per_node;
  return typeof max === "number" ? max : undefined;
}
