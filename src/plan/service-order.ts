import { DependencyGraph } from "../compose/graph.js";
import type { Project } from "../compose/model/project.js";

/**
 * Service names so that every service comes after the services it depends on; ties keep the
 * alphabetical order so plans are stable. Dependencies outside the project (optional ones left
 * out by profiles) are ignored; the loader has already rejected cycles and missing required ones.
 * The graph walks with its own stack: a `depends_on` chain of thousands of services is fine.
 */
export function orderServices(project: Project): string[] {
  const names = Object.keys(project.services).sort();
  return new DependencyGraph(new Map(names.map((name) => [name, dependenciesOf(project, name)]))).order();
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
