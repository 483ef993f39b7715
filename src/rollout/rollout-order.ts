import type { Project } from "../compose/model/project.js";

/**
 * Pure: service names with every service after the services it depends on (depends_on, followed
 * through services not in the list), otherwise in the files' order. Rollouts run in this order so
 * a proxy is replaced only once the backend it talks to is rolled and healthy.
 */
export function dependencyOrder(project: Project, names: readonly string[]): string[] {
  const wanted = new Set(names);
  const ordered: string[] = [];
  const visited = new Set<string>();
  const visit = (name: string): void => {
    if (visited.has(name)) return;
    visited.add(name);
    for (const dependency of Object.keys(project.services[name]?.depends_on ?? {})) visit(dependency);
    if (wanted.has(name)) ordered.push(name);
  };
  for (const name of Object.keys(project.services)) if (wanted.has(name)) visit(name);
  return ordered;
}
