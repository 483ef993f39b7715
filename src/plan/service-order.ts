import type { Project } from "../compose/model/project.js";

/**
 * Service names so that every service comes after the services it depends on; ties keep the
 * alphabetical order so plans are stable. Dependencies outside the project (optional ones left
 * out by profiles) are ignored; the loader has already rejected cycles and missing required ones.
 */
export function orderServices(project: Project): string[] {
  const names = Object.keys(project.services).sort();
  const ordered: string[] = [];
  const visiting = new Set<string>();
  const visit = (name: string): void => {
    if (ordered.includes(name) || visiting.has(name)) return;
    visiting.add(name);
    for (const dependency of dependenciesOf(project, name)) visit(dependency);
    visiting.delete(name);
    ordered.push(name);
  };
  for (const name of names) visit(name);
  return ordered;
}

/** Services `name` depends on that exist in the project, sorted. */
export function dependenciesOf(project: Project, name: string): string[] {
  const dependsOn = project.services[name]?.depends_on ?? {};
  return Object.keys(dependsOn)
    .filter((dependency) => dependency in project.services)
    .sort();
}

/** Services that depend on `name`, directly. */
export function dependantsOf(project: Project, name: string): string[] {
  return Object.keys(project.services)
    .filter((other) => dependenciesOf(project, other).includes(name))
    .sort();
}
