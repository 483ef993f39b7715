import type { Project, Service } from "../../compose/model/project.js";

/**
 * `up --no-deps SERVICE...`: the named services alone, as compose does. The dependencies the
 * loader added are set aside like profile-disabled services (never orphans, never touched), and
 * the kept services' `depends_on` entries on them are dropped, so no gate waits for a service
 * this run does not deploy.
 */
export function withoutDependencies(project: Project, names: readonly string[]): Project {
  if (names.length === 0) return project;
  const wanted = new Set(names);
  const kept: Record<string, Service> = {};
  const setAside: Record<string, Service> = { ...project.meta.disabledServices };
  for (const [name, service] of Object.entries(project.services)) {
    if (!wanted.has(name)) {
      setAside[name] = service;
      continue;
    }
    const dependsOn = service.depends_on ? Object.fromEntries(Object.entries(service.depends_on).filter(([target]) => wanted.has(target))) : undefined;
    kept[name] = dependsOn === undefined ? service : { ...service, depends_on: dependsOn };
  }
  return { ...project, services: kept, meta: { ...project.meta, disabledServices: setAside } };
}
