import type { Project, Service } from "../compose/model/project.js";
import { durationToMillis } from "../common/duration.js";
import { frontedBy } from "../edge/edge-services.js";
import { hasHealthcheck, isJob, replicasOf, volumeKeysOf } from "../plan/desired.js";
import type { ObservedState } from "../plan/observed-state.js";
import type { Plan } from "../plan/plan.js";
import type { ServiceRollout } from "./rollout-plan.js";
import { startFirstBlocker } from "./rollout-policy.js";
import { isServing } from "./select-rollouts.js";

/** A service the plan takes down while it replaces it, said before anything changes. */
export interface DowntimeNotice {
  readonly service: string;
  /** Why it cannot be replaced without stopping it. */
  readonly reason: string;
  /** Host ports clients lose meanwhile (`127.0.0.1:8080`), its holder's when it sits behind one. */
  readonly published: readonly string[];
  /** Upper bound: its stop grace period plus the time its healthcheck allows to turn healthy. */
  readonly expectedMaxMs: number;
}

/**
 * Pure: every service the plan replaces with downtime: recreated in place (stateful, no
 * healthcheck, container_name, network_mode, replicas not healthy now, ...) or rolled stop-first.
 * One-shot jobs are not services clients wait for and are left out. Published ones come first.
 */
export function downtimeNotices(project: Project, observed: ObservedState, plan: Plan, rollouts: readonly ServiceRollout[]): DowntimeNotice[] {
  const rolled = new Map(rollouts.map((r) => [r.service, r]));
  const notices = Object.values(project.services).flatMap((service): DowntimeNotice[] => {
    if (isJob(project, service.name)) return [];
    const rollout = rolled.get(service.name);
    if (rollout && rollout.policy.order === "start-first") return [];
    const inPlace = plan.steps.some((step) => step.operation.kind === "recreate-container" && step.operation.service === service.name);
    if (!rollout && !inPlace) return [];
    const running = observed.containers.filter((c) => c.service === service.name && !c.oneoff);
    const reason = rollout ? `stop-first: ${rollout.policy.reason}` : `recreated in place: ${inPlaceReason(project, service, running.every(isServing), observed)}`;
    return [{ service: service.name, reason, published: publishedOf(project, service), expectedMaxMs: expectedMaxMs(service) }];
  });
  return notices.sort((a, b) => Number(b.published.length > 0) - Number(a.published.length > 0));
}

function inPlaceReason(project: Project, service: Service, serving: boolean, observed: ObservedState): string {
  const volumes = volumeKeysOf(service);
  if (volumes.length > 0) return `stateful (named volume ${volumes.join(", ")})`;
  const blocker = startFirstBlocker(service);
  if (blocker) return blocker;
  if (!serving) return "its current replicas are not healthy";
  const holder = Object.values(project.services).find((other) => frontedBy(other) === service.name);
  if (holder && !observed.containers.some((c) => c.service === holder.name && c.status === "running")) return `its port holder ${holder.name} takes over the host ports after it (once)`;
  const count = observed.containers.filter((c) => c.service === service.name && !c.oneoff).length;
  return count !== replicasOf(service) ? `replica count changes (${count} -> ${replicasOf(service)})` : "replaced in place";
}

function publishedOf(project: Project, service: Service): string[] {
  const holder = Object.values(project.services).find((other) => frontedBy(other) === service.name);
  const ports = (holder ?? service).ports ?? [];
  return ports.filter((port) => port.published !== undefined).map((port) => `${port.host_ip ? `${port.host_ip}:` : ""}${port.published}`);
}

/** Stop grace (10 s by default) plus the healthcheck's budget (start_period + interval x retries). */
function expectedMaxMs(service: Service): number {
  const grace = durationToMillis(service.stop_grace_period) ?? 10_000;
  if (!hasHealthcheck(service)) return grace;
  const check = service.healthcheck;
  const budget = (durationToMillis(check?.start_period) ?? 0) + (durationToMillis(check?.interval) ?? 30_000) * (check?.retries ?? 3);
  return grace + budget;
}

/** The lines `up` prints before it changes anything; empty when nothing goes down. */
export function renderDowntime(notices: readonly DowntimeNotice[]): string {
  if (notices.length === 0) return "";
  const lines = notices.map((n) => {
    const where = n.published.length > 0 ? ` (published on ${n.published.join(", ")}: unreachable meanwhile)` : "";
    return `  ${n.service}${where}: ${n.reason}; down up to ${Math.round(n.expectedMaxMs / 1000)} s\n`;
  });
  const published = notices.filter((n) => n.published.length > 0).length;
  const head = published > 0 ? `DOWNTIME: this update takes ${published} published service(s) down` : `downtime: this update stops ${notices.length} service(s) while replacing them`;
  return [`${head}:\n`, ...lines].join("");
}
