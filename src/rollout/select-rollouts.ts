import type { Project, Service } from "../compose/model/project.js";
import { hasHealthcheck, isJob, replicasOf, volumeKeysOf } from "../plan/desired.js";
import type { ObservedContainer, ObservedState } from "../plan/observed-state.js";
import type { Plan, Step } from "../plan/plan.js";
import { frontedBy } from "../edge/edge-services.js";
import { dependencyOrder } from "./rollout-order.js";
import { planServiceRollout, type ServiceRollout } from "./rollout-plan.js";

/**
 * Pure: the services of a plan that roll instead of being recreated in place. A service rolls
 * when every replica it runs is to be recreated and it is stateless (no named volume two
 * containers would share), has a healthcheck, is not a one-shot job, keeps its replica count, and
 * every current replica is running and healthy. A replica that is unhealthy, still starting,
 * restarting (a crash loop) or stopped serves nothing worth keeping: rolling would gate on it
 * (the new healthcheck run inside the old container) and fail, so `up` could never replace what
 * is broken. Such a service is recreated in place and its gate judges the new container.
 */
export function selectRollouts(project: Project, observed: ObservedState, plan: Plan): ServiceRollout[] {
  return dependencyOrder(project, Object.keys(project.services)).flatMap((name) => {
    const service = project.services[name] as Service;
    const running = observed.containers.filter((c) => c.service === name && !c.oneoff);
    const recreates = plan.steps.filter((step) => isRecreateOf(step, name));
    if (!isRollable(project, service, running) || recreates.length !== running.length || !edgeHeld(project, observed, name)) return [];
    return [planServiceRollout(service, running, recreates[0]?.cause ?? "changed")];
  });
}

/**
 * A service behind a port holder (edge/edge-services.ts) rolls once its holder runs. Before that
 * (the first `up` with holders after a deployment without them) the old container still owns the
 * host ports: it is recreated in place and the holder takes the ports after it.
 */
function edgeHeld(project: Project, observed: ObservedState, name: string): boolean {
  const holder = Object.values(project.services).find((service) => frontedBy(service) === name);
  return !holder || observed.containers.some((c) => c.service === holder.name && c.status === "running");
}

function isRollable(project: Project, service: Service, running: readonly ObservedContainer[]): boolean {
  if (!hasHealthcheck(service) || isJob(project, service.name) || volumeKeysOf(service).length > 0) return false;
  return running.length > 0 && running.length === replicasOf(service) && running.every(isServing);
}

/** A replica worth keeping while its successor proves itself: running and healthy. */
export function isServing(container: ObservedContainer): boolean {
  return container.status === "running" && container.health === "healthy";
}

function isRecreateOf(step: Step, service: string): boolean {
  return step.operation.kind === "recreate-container" && step.operation.service === service;
}

/**
 * The plan without the recreate and start steps of rolling services (the rollout replaces those
 * containers), renumbered so ids stay 1-based positions; their gates wait on the old, healthy
 * replicas, so dependants start as before.
 */
export function withoutRollouts(plan: Plan, services: ReadonlySet<string>): Plan {
  const dropped = (step: Step) => {
    const op = step.operation;
    return (op.kind === "recreate-container" || op.kind === "start-container") && services.has(op.service);
  };
  const kept = plan.steps.filter((step) => !dropped(step));
  const ids = new Map(kept.map((step, i) => [step.id, i + 1]));
  const remap = (list: readonly number[]) => list.flatMap((id) => (ids.has(id) ? [ids.get(id) as number] : []));
  const steps = kept.map((step): Step => {
    const renumbered = { id: ids.get(step.id) as number, operation: step.operation, cause: step.cause, after: remap(step.after) };
    const optional = remap(step.optional ?? []);
    return optional.length > 0 ? { ...renumbered, optional } : renumbered;
  });
  return { ...plan, steps };
}
