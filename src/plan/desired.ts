import type { Network, Project, Service, Volume } from "../compose/model/project.js";
import type { GateKind } from "./plan.js";
import { hasHealthcheck, isJob } from "./service-traits.js";

// Defined in service-traits.ts; still offered here for the modules that read them from the desired state.
export { hasHealthcheck, isJob } from "./service-traits.js";

/** Image reference a service runs: its `image`, or the name compose gives a built image. */
export function imageOf(project: Project, service: Service): string {
  return service.image ?? `${project.name}-${service.name}`;
}

/** Replicas wanted: `deploy.replicas`, `scale`, else 1. */
export function replicasOf(service: Service): number {
  const scale = typeof service["scale"] === "number" ? service["scale"] : undefined;
  return service.deploy?.replicas ?? scale ?? 1;
}

/** Container name as compose v2 writes it: `project-service-N`, or `container_name`. */
export function containerNameOf(project: Project, service: Service, number: number): string {
  return service.container_name ?? `${project.name}-${service.name}-${number}`;
}

/** A network or volume the project must create (external ones are only referred to). */
export interface ProjectResource {
  readonly key: string;
  readonly name: string;
}

/** Networks to create: the declared non-external ones, plus `default` when a service uses it. */
export function projectNetworks(project: Project): ProjectResource[] {
  const declared = Object.entries(project.networks).filter(([, network]) => !network.external);
  const resources = declared.map(([key, network]) => resourceOf(project, key, network));
  const usesDefault = Object.values(project.services).some((service) => networkKeysOf(service).includes("default"));
  if (usesDefault && !("default" in project.networks)) resources.push({ key: "default", name: `${project.name}_default` });
  return resources.sort((a, b) => a.name.localeCompare(b.name));
}

/** Named volumes to create. */
export function projectVolumes(project: Project): ProjectResource[] {
  return Object.entries(project.volumes)
    .filter(([, volume]) => !volume.external)
    .map(([key, volume]) => resourceOf(project, key, volume))
    .sort((a, b) => a.name.localeCompare(b.name));
}

function resourceOf(project: Project, key: string, resource: Network | Volume): ProjectResource {
  return { key, name: resource.name || `${project.name}_${key}` };
}

/** Network keys a service joins; none when it shares another's stack (`network_mode`). */
export function networkKeysOf(service: Service): string[] {
  if (service.network_mode) return [];
  return service.networks ? Object.keys(service.networks).sort() : ["default"];
}

/** Named volume keys a service mounts. */
export function volumeKeysOf(service: Service): string[] {
  const named = (service.volumes ?? []).filter((mount) => mount.type === "volume" && mount.source);
  return [...new Set(named.map((mount) => mount.source as string))].sort();
}

/** The gate that says a service is up by its own nature: completed, healthy, or running steadily. */
export function readinessGate(project: Project, name: string): GateKind {
  const service = project.services[name];
  if (isJob(project, name)) return "completed";
  return service && hasHealthcheck(service) ? "healthy" : "started-stable";
}
