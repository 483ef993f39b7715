import { stackHealth, type NodeDetailFields, type TaskDetailFields } from "./obs-health.js";
import type { SwarmPort } from "./swarm-port.js";
import type { ServiceSpec } from "./swarm-spec.js";
import { stackFacts, type LiveService, type PlacedNode } from "./verify-facts.js";

/**
 * What `berth verify` asks of a manager for one stack: reads, a forced restart of a service's
 * task, its update state. Its shape is src/verify/swarm-context.ts StackAccess, which the CLI
 * passes it as (verify and swarm do not import each other).
 */
export function swarmVerifyAccess(port: SwarmPort, stack: string) {
  return {
    read: () => readStack(port, stack),
    // `docker service update --force`: the spec as the manager holds it, ForceUpdate + 1, at its version.
    async forceRestart(serviceId: string): Promise<void> {
      const current = await port.service(serviceId);
      const spec = current.Spec as unknown as ServiceSpec;
      await port.updateService(serviceId, current.Version.Index, { ...spec, TaskTemplate: { ...spec.TaskTemplate, ForceUpdate: (spec.TaskTemplate.ForceUpdate ?? 0) + 1 } });
    },
    async updateState(serviceId: string): Promise<{ readonly state: string; readonly message: string }> {
      const service = await port.service(serviceId);
      return { state: service.UpdateStatus?.State ?? "completed", message: service.UpdateStatus?.Message ?? "" };
    },
  };
}

/** Reads the stack's services, their tasks, its networks and the nodes through the manager. */
export async function readStack(port: SwarmPort, stack: string) {
  // The engine sends each service's whole spec; SwarmPort's type names only what the deploy reads.
  const services = (await port.services(stack)) as unknown as LiveService[];
  const [tasks, networks, nodes, managerId] = await Promise.all([Promise.all(services.map((service) => port.tasks(service.ID))).then((lists) => lists.flat()), port.networks(stack), port.nodes() as Promise<PlacedNode[]>, port.localNodeId()]);
  const manager = nodes.find((node) => node.ID === managerId);
  return {
    facts: stackFacts(stack, services, tasks, networks, nodes),
    health: stackHealth(stack, services, tasks as TaskDetailFields[], nodes as NodeDetailFields[]).services,
    managerId,
    managerName: manager?.Description?.Hostname ?? managerId,
    managerAddress: manager?.Status?.Addr ?? "",
  };
}
