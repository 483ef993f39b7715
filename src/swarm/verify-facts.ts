import type { NodeFields } from "./stack-tasks.js";
import { serviceNameIn } from "./stack-tasks.js";
import type { NamedObject, SwarmTask } from "./swarm-port.js";
import type { ServiceSpec } from "./swarm-spec.js";

/** A service as the manager returns it: the engine sends the whole spec, which verify reads. */
export interface LiveService {
  readonly ID: string;
  readonly Version: { readonly Index: number };
  readonly Spec: ServiceSpec;
  readonly UpdateStatus?: { readonly State?: string; readonly Message?: string };
}

/** A task Swarm wants running and that runs, with the node it runs on. */
export interface RunningTask {
  readonly id: string;
  readonly node: string;
  readonly nodeId: string;
  /** The node's address as the managers know it (where its host-mode ports listen). */
  readonly address: string;
  /** The container's id on that node. */
  readonly containerId: string;
}

/** What the probes of one service need from the live stack (src/verify/swarm-context.ts StackService has the same shape). */
export interface ServiceFacts {
  readonly id: string;
  readonly image: string;
  readonly env: Readonly<Record<string, string>>;
  /** Engine names of its networks (`shop_data`), in the spec's order. */
  readonly networks: readonly string[];
  readonly mounts: readonly { readonly type: string; readonly source: string; readonly target: string }[];
  /** Hostnames of the nodes its placement constraints allow: one means pinned. */
  readonly eligibleNodes: readonly string[];
  readonly running: readonly RunningTask[];
  readonly publishes: readonly { readonly published: number; readonly mode: "ingress" | "host" }[];
}

/** Every service of the stack by its name in the file (`postgres`, not `shop_postgres`). */
export type StackFacts = ReadonlyMap<string, ServiceFacts>;

// A digest pinned by the deploy (`postgres:15@sha256:…`) is dropped: the manager's copy is found by its name.
const imageOf = (image: string): string => image.replace(/@sha256:[0-9a-f]+$/, "");

/** The live services, tasks, networks and nodes of a stack, as the probes read them. */
export function stackFacts(stack: string, services: readonly LiveService[], tasks: readonly SwarmTask[], networks: readonly NamedObject[], nodes: readonly PlacedNode[]): StackFacts {
  const networkName = (target: string) => networks.find((network) => network.ID === target || network.Name === target)?.Name ?? target;
  const ready = new Map(nodes.filter((node) => (node.Status?.State ?? "") === "ready").map((node) => [node.ID, node]));
  const facts = new Map<string, ServiceFacts>();
  for (const service of services) {
    const template = service.Spec.TaskTemplate;
    const running = tasks.filter((task) => task.ServiceID === service.ID && task.DesiredState === "running" && task.Status.State === "running" && task.NodeID !== undefined && ready.has(task.NodeID));
    facts.set(serviceNameIn(stack, service.Spec.Name), {
      id: service.ID,
      image: imageOf(template.ContainerSpec.Image),
      env: envRecord(template.ContainerSpec.Env ?? []),
      networks: (template.Networks ?? []).map((network) => networkName(network.Target)),
      mounts: (template.ContainerSpec.Mounts ?? []).map((mount) => ({ type: mount.Type, source: mount.Source ?? "", target: mount.Target })),
      eligibleNodes: eligibleNodes(template.Placement?.Constraints ?? [], nodes).map((node) => node.Description?.Hostname ?? node.ID),
      running: running.map((task) => {
        const node = ready.get(task.NodeID ?? "");
        return { id: task.ID, nodeId: task.NodeID ?? "", node: node?.Description?.Hostname ?? task.NodeID ?? "", address: node?.Status?.Addr ?? "", containerId: (task.Status as { ContainerStatus?: { ContainerID?: string } }).ContainerStatus?.ContainerID ?? "" };
      }),
      publishes: (service.Spec.EndpointSpec.Ports ?? []).flatMap((port) => (port.PublishedPort === undefined ? [] : [{ published: port.PublishedPort, mode: port.PublishMode }])),
    });
  }
  return facts;
}

function envRecord(lines: readonly string[]): Record<string, string> {
  return Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf("=") < 0 ? line.length : line.indexOf("=")), line.indexOf("=") < 0 ? "" : line.slice(line.indexOf("=") + 1)]));
}

/** A node with the fields placement constraints read. */
export interface PlacedNode extends NodeFields {
  readonly Spec?: { readonly Role?: string; readonly Labels?: Readonly<Record<string, string>> };
}

/**
 * The nodes a service's placement constraints allow (`node.id`, `node.hostname`, `node.role`,
 * `node.labels.*` with `==` or `!=`, as Swarm reads them). A constraint on anything else cannot be
 * judged here and allows every node: such a service is not counted as pinned.
 */
export function eligibleNodes(constraints: readonly string[], nodes: readonly PlacedNode[]): PlacedNode[] {
  return nodes.filter((node) => constraints.every((constraint) => holds(constraint, node)));
}

function holds(constraint: string, node: PlacedNode): boolean {
  const match = /^\s*(node\.[A-Za-z0-9_.-]+)\s*(==|!=)\s*(.+?)\s*$/.exec(constraint);
  if (match === null) return true;
  const [key, operator, expected] = [match[1] ?? "", match[2], match[3]];
  const actual = key === "node.id" ? node.ID : key === "node.hostname" ? node.Description?.Hostname : key === "node.role" ? node.Spec?.Role : key.startsWith("node.labels.") ? node.Spec?.Labels?.[key.slice("node.labels.".length)] : null;
  if (actual === null) return true;
  return operator === "==" ? actual === expected : actual !== expected;
}
