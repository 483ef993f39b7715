import { ConfigError } from "../../common/errors.js";
import type { Project, Service } from "../../compose/model/project.js";
import { listProjectContainers, type ContainerRow } from "../../deploy/list-containers.js";
import type { Engine } from "../../engine/engine.js";

/**
 * The names a verb may be given: the services of the compose files (those a profile leaves out
 * too, as compose accepts them), or, when only a project name is known, the services that have
 * containers.
 */
export function knownServices(project: Project, rows: readonly ContainerRow[]): Set<string> {
  const fromFiles = [...Object.keys(project.services), ...Object.keys(project.meta.disabledServices)];
  return new Set(fromFiles.length > 0 ? fromFiles : rows.map((row) => row.service));
}

/** Fails (exit 1) on a service name the project does not have, as `docker compose` does. */
export function assertKnownServices(project: Project, services: readonly string[], rows: readonly ContainerRow[]): void {
  const known = knownServices(project, rows);
  const unknown = services.filter((service) => !known.has(service));
  if (unknown.length === 0) return;
  const list = [...known].sort().join(", ") || "none";
  throw new ConfigError("cli.no-such-service", `no such service: ${unknown.join(", ")} (project ${project.name})`, {
    hint: `the project's services are: ${list}`,
  });
}

/** A service of the files, one a profile leaves out too (`run` may start it, as in compose). */
export function serviceNamed(project: Project, name: string): Service {
  const service = project.services[name] ?? project.meta.disabledServices[name];
  if (service) return service;
  assertKnownServices(project, [name], []);
  throw new ConfigError("cli.no-such-service", `no such service: ${name}`);
}

/** The project's containers of these services (all when none named); unknown names fail. */
export async function selectContainers(engine: Engine, project: Project, services: readonly string[]): Promise<ContainerRow[]> {
  const all = await listProjectContainers(engine, project.name);
  assertKnownServices(project, services, all);
  return all.filter((row) => services.length === 0 || services.includes(row.service));
}
