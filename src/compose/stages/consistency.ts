import { ConfigError } from "../../common/errors.js";
import { DependencyGraph } from "../graph.js";
import type { LoadWarning, Project } from "../model/project.js";
import { projectChecks, serviceChecks, type Problem } from "../tables/semantic-checks.js";

/**
 * Runs the semantic checks on the enabled services (inactive ones are not checked, as in
 * compose). Strict: the first problem is thrown, located. Lenient (`berth check`): every
 * problem comes back as a warning.
 */
export function checkConsistency(project: Project, lenient = false): LoadWarning[] {
  const problems: Problem[] = [];
  for (const [name, service] of Object.entries(project.services)) {
    for (const check of serviceChecks.values()) problems.push(...check(name, service, project));
  }
  for (const check of projectChecks.values()) problems.push(...check(project));
  const cycle = DependencyGraph.fromServices(project.services).findCycle();
  if (cycle) {
    problems.push({ path: ["services", cycle[0] ?? "", "depends_on"], message: `dependency cycle detected: ${cycle.join(" -> ")}`, hint: "remove one of these depends_on entries" });
  }
  const first = problems[0];
  if (first && !lenient) throw toError(first, project);
  return problems.map((p) => {
    const location = project.meta.sourceMap.locateNearest(p.path);
    return { code: "compose.invalid-project", message: p.message, ...(location ? { location } : {}) };
  });
}

function toError(problem: Problem, project: Project): ConfigError {
  const location = project.meta.sourceMap.locateNearest(problem.path);
  return new ConfigError("compose.invalid-project", problem.message, { ...(location ? { location } : {}), hint: problem.hint });
}
