import { emptyProject } from "../compose/model/empty-project.js";
import type { Project, Service } from "../compose/model/project.js";

/** A Project for unit tests: services by name with only the keys a test cares about. */
export function testProject(
  name: string,
  services: Record<string, Partial<Service>>,
  extra: Partial<Pick<Project, "networks" | "volumes">> = {},
): Project {
  const full = Object.fromEntries(
    Object.entries(services).map(([key, service]) => [key, { name: key, command: null, entrypoint: null, ...service }]),
  );
  const base = emptyProject(name, "/srv/app", ["/srv/app/compose.yaml"]);
  return { ...base, services: full, networks: extra.networks ?? {}, volumes: extra.volumes ?? {} };
}
