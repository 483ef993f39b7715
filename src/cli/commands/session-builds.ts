import { formatLocation, type ConfigError } from "../../common/errors.js";
import type { Project } from "../../compose/model/project.js";
import { sessionBuildError, sessionBuildUses } from "../../engine/buildkit-session.js";
import type { Plan } from "../../plan/plan.js";

/**
 * Refuses (exit 1, naming file:line) to build services whose `build.secrets` or `build.ssh`
 * berth cannot pass: before `berth build` builds, and before `up` executes a plan that builds them.
 */
export function refuseSessionBuilds(project: Project, services: readonly string[]): void {
  const building = services.flatMap((name) => {
    const service = project.services[name];
    return service ? [{ name, build: service.build }] : [];
  });
  const uses = sessionBuildUses(building, (path) => project.meta.sourceMap.locate(path));
  if (uses.length > 0) throw sessionBuildError(uses);
}

/** For a dry run's plan: the line saying `up` would stop before building, or "". */
export function sessionBuildNote(project: Project, services: readonly string[]): string {
  try {
    refuseSessionBuilds(project, services);
    return "";
  } catch (error) {
    const refusal = error as ConfigError;
    return `error: up would stop before building: ${refusal.location ? `${formatLocation(refusal.location)}: ` : ""}${refusal.message}\n`;
  }
}

/** The services a plan builds. */
export function plannedBuilds(plan: Plan): string[] {
  return plan.steps.flatMap((step) => (step.operation.kind === "build-image" ? [step.operation.service] : []));
}
