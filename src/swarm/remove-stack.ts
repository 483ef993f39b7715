import type { SwarmPort } from "./swarm-port.js";

export interface StackRemoval {
  readonly services: readonly string[];
  readonly networks: readonly string[];
  readonly secrets: readonly string[];
  readonly configs: readonly string[];
  /** Named volumes removed through the manager (those on its own node). */
  readonly volumes: readonly string[];
  /** Volumes on other nodes: the manager cannot remove them; each with the nodes that hold it. */
  readonly volumesElsewhere: readonly { readonly name: string; readonly nodes: readonly string[] }[];
  /** Networks Swarm still refused to remove after the bounded wait (tasks still detaching). */
  readonly leftNetworks: readonly string[];
}

export interface RemoveOptions {
  readonly volumes: boolean;
  readonly sleep: (ms: number) => Promise<void>;
  /** How many times to retry a network whose tasks are still shutting down (one second apart). */
  readonly networkRetries: number;
}

/**
 * `berth down` on a Swarm manager, as `docker stack rm` does it: the stack's services, then its
 * networks, secrets and configs (all found by the stack's label). With volumes, the named volumes
 * its services mounted: a volume lives on each node that ran a task using it, and only the
 * manager's own engine can be asked to remove one, so those elsewhere are listed with their nodes.
 */
export async function removeStack(port: SwarmPort, stack: string, options: RemoveOptions): Promise<StackRemoval> {
  const services = await port.services(stack);
  const [nodes, localNode] = await Promise.all([port.nodes(), options.volumes ? port.localNodeId() : Promise.resolve("")]);
  const hostOf = new Map(nodes.map((node) => [node.ID, node.Description?.Hostname ?? node.ID]));
  // Where each volume is: the nodes of the tasks that mounted it (read before the tasks go).
  const volumeNodes = new Map<string, Set<string>>();
  if (options.volumes) {
    for (const service of services) {
      const names = (service.Spec.TaskTemplate?.ContainerSpec?.Mounts ?? []).filter((mount) => mount.Type === "volume" && mount.Source).map((mount) => mount.Source as string);
      if (names.length === 0) continue;
      const tasks = await port.tasks(service.ID);
      for (const name of names) {
        const set = volumeNodes.get(name) ?? new Set<string>();
        for (const task of tasks) if (task.NodeID) set.add(task.NodeID);
        volumeNodes.set(name, set);
      }
    }
  }
  for (const service of services) await port.removeService(service.ID);
  const removedNetworks: string[] = [];
  const leftNetworks: string[] = [];
  for (const network of await port.networks(stack)) {
    if (await removeNetwork(port, network.ID, options)) removedNetworks.push(network.Name);
    else leftNetworks.push(network.Name);
  }
  // A removed overlay network stays listed until the manager's own copy is released (seconds).
  for (let attempt = 0; attempt < options.networkRetries && removedNetworks.length > 0; attempt += 1) {
    const listed = new Set((await port.networks(stack)).map((network) => network.Name));
    if (!removedNetworks.some((name) => listed.has(name))) break;
    await options.sleep(1000);
  }
  const secrets = await removeObjects(port, "secret", stack);
  const configs = await removeObjects(port, "config", stack);
  const volumes: string[] = [];
  const volumesElsewhere: { name: string; nodes: string[] }[] = [];
  for (const [name, nodeIds] of volumeNodes) {
    const others = [...nodeIds].filter((id) => id !== localNode);
    if (nodeIds.has(localNode) && (await removeLocalVolume(port, name, options))) volumes.push(name);
    if (others.length > 0) volumesElsewhere.push({ name, nodes: others.map((id) => hostOf.get(id) ?? id).sort() });
  }
  return { services: services.map((service) => service.Spec.Name), networks: removedNetworks, secrets, configs, volumes, volumesElsewhere, leftNetworks };
}

/** A network stays in use until the removed services' tasks have detached: retry, bounded. */
async function removeNetwork(port: SwarmPort, id: string, options: RemoveOptions): Promise<boolean> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      await port.removeNetwork(id);
      return true;
    } catch (error) {
      if (attempt >= options.networkRetries) return false;
      void error;
      await options.sleep(1000);
    }
  }
}

async function removeLocalVolume(port: SwarmPort, name: string, options: RemoveOptions): Promise<boolean> {
  // The task's container goes a moment after its service: the volume is in use until then.
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await port.removeLocalVolume(name);
    } catch (error) {
      if (attempt >= options.networkRetries) throw error;
      await options.sleep(1000);
    }
  }
}

async function removeObjects(port: SwarmPort, kind: "secret" | "config", stack: string): Promise<string[]> {
  const removed: string[] = [];
  for (const object of await port.fileObjects(kind, stack)) {
    await port.removeFileObject(kind, object.ID);
    removed.push(object.Name);
  }
  return removed;
}
