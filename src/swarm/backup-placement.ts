/** A node as `GET /nodes` returns it: the fields placement constraints are written against. */
export interface PlacementNode {
  readonly ID: string;
  readonly Description?: { readonly Hostname?: string; readonly Platform?: { readonly OS?: string; readonly Architecture?: string }; readonly Engine?: { readonly Labels?: Readonly<Record<string, string>> } };
  readonly Spec?: { readonly Role?: string; readonly Labels?: Readonly<Record<string, string>> };
}

/** Where a datastore's placement lets Swarm run its task. */
export interface Pinning {
  /** Exactly one node can run the task: its volume cannot move to another node's empty one. */
  readonly pinned: boolean;
  /** Hostnames of the nodes the constraints allow. */
  readonly eligible: readonly string[];
  /** Why it is not pinned, in words, when it is not. */
  readonly reason?: string;
}

const constraintPattern = /^\s*([A-Za-z0-9_.-]+)\s*(==|!=)\s*(.+?)\s*$/;

/**
 * Which nodes satisfy the constraints, as Swarm reads them (docker/swarmkit's constraint filter):
 * `node.id`, `node.hostname`, `node.role`, `node.platform.os|arch`, `node.labels.X`,
 * `engine.labels.X`, each `==` or `!=`, all of them must hold. A constraint berth cannot read
 * keeps every node eligible: it never makes a datastore look more pinned than it is.
 */
export function eligibleNodes(constraints: readonly string[], nodes: readonly PlacementNode[]): PlacementNode[] {
  return nodes.filter((node) => constraints.every((constraint) => holds(constraint, node)));
}

function holds(constraint: string, node: PlacementNode): boolean {
  const match = constraintPattern.exec(constraint);
  if (match === null) return true;
  const [, key = "", operator, expected = ""] = match;
  const actual = valueOf(key.toLowerCase(), key, node);
  if (actual === unknownKey) return true;
  // Swarm compares node ids, hostnames and roles without case; labels exactly.
  const same = key.toLowerCase().startsWith("node.labels.") || key.toLowerCase().startsWith("engine.labels.") ? actual === expected : actual?.toLowerCase() === expected.toLowerCase();
  return operator === "==" ? same : !same;
}

const unknownKey = Symbol("unknown constraint key");

function valueOf(lower: string, key: string, node: PlacementNode): string | undefined | typeof unknownKey {
  if (lower === "node.id") return node.ID;
  if (lower === "node.hostname") return node.Description?.Hostname;
  if (lower === "node.role") return node.Spec?.Role;
  if (lower === "node.platform.os") return node.Description?.Platform?.OS;
  if (lower === "node.platform.arch") return node.Description?.Platform?.Architecture;
  if (lower.startsWith("node.labels.")) return node.Spec?.Labels?.[key.slice("node.labels.".length)];
  if (lower.startsWith("engine.labels.")) return node.Description?.Engine?.Labels?.[key.slice("engine.labels.".length)];
  return unknownKey;
}

/**
 * Whether a datastore is pinned: its constraints allow exactly one node of the cluster (down
 * nodes count: Swarm would place the task there again once it is back). Otherwise a task moved
 * by Swarm (node failure, update, drain) starts on another node with an empty volume, and a
 * backup or restore acts on whichever copy the current task has.
 */
export function pinningOf(service: string, constraints: readonly string[], nodes: readonly PlacementNode[]): Pinning {
  const eligible = eligibleNodes(constraints, nodes)
    .map((node) => node.Description?.Hostname ?? node.ID)
    .sort();
  if (eligible.length === 1) return { pinned: true, eligible };
  if (eligible.length === 0) return { pinned: false, eligible, reason: `no node satisfies the placement of ${service} (${constraints.join(", ")})` };
  const written = constraints.length === 0 ? "it has no placement constraints" : `its constraints (${constraints.join(", ")}) allow ${eligible.length} nodes`;
  return { pinned: false, eligible, reason: `${service} is not pinned to one node: ${written} (${eligible.join(", ")}); a task Swarm moves starts on another node's empty volume` };
}
