import { DependencyGraph } from "../graph.js";
import type { Project, Service } from "../model/project.js";

/**
 * Keeps the services whose profiles are active (or that have none). Services named on the
 * command line activate their own profiles and restrict the project to them and what they
 * depend on (compose-go `WithProfiles` + `WithSelectedServices`). `*` activates every profile.
 */
export function applyProfiles(project: Project, profiles: readonly string[], selected: readonly string[] = []): Project {
  const active = new Set(profiles);
  for (const name of selected) for (const profile of project.services[name]?.profiles ?? []) active.add(profile);
  const isEnabled = (service: Service) => !service.profiles?.length || active.has("*") || service.profiles.some((p) => active.has(p));
  let keep = new Set(Object.entries(project.services).filter(([, service]) => isEnabled(service)).map(([name]) => name));
  if (selected.length > 0) {
    const closure = DependencyGraph.fromServices(project.services).closure(selected);
    keep = new Set([...closure].filter((name) => keep.has(name) || selected.includes(name)));
  }
  const services: Record<string, Service> = {};
  const disabled: Record<string, Service> = { ...project.meta.disabledServices };
  for (const [name, service] of Object.entries(project.services)) {
    if (keep.has(name)) services[name] = service;
    else disabled[name] = service;
  }
  return { ...project, services, meta: { ...project.meta, activeProfiles: [...active], disabledServices: disabled } };
}
