import { isTree, type Tree } from "./parse.js";

interface Implied {
  readonly service: string;
  readonly restart: boolean;
  /** The key that implies it, so errors point there. */
  readonly key: string;
}

/**
 * `links`, `volumes_from` and `network_mode`/`ipc`/`pid`/`uts`/`cgroup: service:X` need the other service running first,
 * so compose adds them to `depends_on` (links and network_mode restart with it).
 */
export function addImplicitDependencies(service: Tree, onImplied: (dependency: string, key: string) => void = () => {}): Tree {
  const implied = impliedDependencies(service);
  if (implied.length === 0) return service;
  const dependsOn: Tree = isTree(service["depends_on"]) ? { ...service["depends_on"] } : {};
  for (const { service: name, restart, key } of implied) {
    if (name in dependsOn) continue;
    onImplied(name, key);
    dependsOn[name] = { condition: "service_started", ...(restart ? { restart: true } : {}), required: true };
  }
  return { ...service, depends_on: dependsOn };
}

function impliedDependencies(service: Tree): Implied[] {
  const implied: Implied[] = [];
  for (const link of asStrings(service["links"])) implied.push({ service: link.split(":")[0] ?? link, restart: true, key: "links" });
  for (const source of asStrings(service["volumes_from"])) {
    if (!source.startsWith("container:")) implied.push({ service: source.split(":")[0] ?? source, restart: false, key: "volumes_from" });
  }
  // Sharing a namespace with another service's container needs that container running.
  for (const key of ["network_mode", "ipc", "pid", "uts", "cgroup"]) {
    const mode = service[key];
    if (typeof mode === "string" && mode.startsWith("service:")) implied.push({ service: mode.slice("service:".length), restart: true, key });
  }
  return implied;
}

function asStrings(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}
