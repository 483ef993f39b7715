import { DependencyGraph } from "../compose/graph.js";
import type { Project } from "../compose/model/project.js";
import { specHashLabel } from "./deploy-stack.js";
import { rollBackService, type RolledBack } from "./rollback-service.js";
import type { GateTiming } from "./service-gate.js";
import type { ExistingService, SwarmPort } from "./swarm-port.js";

/** What `berth rollback` on a manager did to one service of the stack. */
export interface ServiceRollback {
  readonly service: string;
  readonly action: "rolled-back" | "skipped";
  /** Why a service was left as it is. */
  readonly reason?: string;
  /** The image before and after (rolled back), as the specs name them. */
  readonly from?: string;
  readonly to?: string;
  readonly rolledBack?: RolledBack;
}

export interface StackRollback {
  readonly stack: string;
  readonly ok: boolean;
  readonly services: readonly ServiceRollback[];
}

const imageOf = (spec: ExistingService["PreviousSpec"] | ExistingService["Spec"] | undefined): string => spec?.TaskTemplate?.ContainerSpec?.Image ?? "";

/** Why a service is not rolled back, if it is not: Swarm keeps one previous spec, so a second rollback undoes the first. */
function skipReason(found: ExistingService | undefined): string | undefined {
  if (found === undefined) return "not deployed";
  // Swarm's own rollback (failure_action) clears the previous spec; `docker service rollback` swaps it with the failed one.
  const state = found.UpdateStatus?.State ?? "";
  if (state.startsWith("rollback_")) return "its last update was already rolled back: Swarm's previous spec is now the release that failed, or none";
  if (found.PreviousSpec === undefined) return "no previous spec (the service was created, never updated)";
  const hash = found.Spec.Labels?.[specHashLabel];
  if (hash !== undefined && found.PreviousSpec.Labels?.[specHashLabel] === hash) return "its last update did not change what berth deployed";
  return undefined;
}

/**
 * `berth rollback` on a Swarm manager: every service of the stack that the last deploy updated
 * returns to the spec it had before (Swarm keeps exactly one PreviousSpec per service: `docker
 * service rollback`), through its rollback_config, dependents first (the reverse of up's order),
 * each waited for until Swarm says the rollback completed. A service created by the last deploy,
 * one whose last update Swarm or berth already rolled back, and one the deploy left unchanged
 * are named and left alone.
 */
export async function rollbackStack(port: SwarmPort, project: Project, timing: GateTiming, onProgress?: (service: string, message: string) => void): Promise<StackRollback> {
  const stack = project.name;
  const existing = new Map((await port.services(stack)).map((service) => [service.Spec.Name, service]));
  const order = [...DependencyGraph.fromServices(project.services).order()].reverse();
  const services: ServiceRollback[] = [];
  for (const name of order) {
    if (timing.signal.aborted) break;
    const found = existing.get(`${stack}_${name}`);
    const reason = skipReason(found);
    if (found === undefined || reason !== undefined) {
      services.push({ service: name, action: "skipped", reason: reason ?? "not deployed" });
      continue;
    }
    const from = imageOf(found.Spec);
    onProgress?.(name, `rolling back to its previous spec (image ${imageOf(found.PreviousSpec)})`);
    const rolledBack = await rollBackService(port, found.ID, timing);
    onProgress?.(name, rolledBack.completed ? "rolled back" : `rollback ${rolledBack.error ?? rolledBack.state}`);
    services.push({ service: name, action: "rolled-back", from, to: rolledBack.image, rolledBack });
  }
  const ok = !timing.signal.aborted && services.every((service) => service.rolledBack === undefined || service.rolledBack.completed);
  return { stack, ok, services };
}

/** The lines `berth rollback` prints on a manager. */
export function renderStackRollback(result: StackRollback): string {
  const lines = result.services.map((service) =>
    service.action === "skipped"
      ? `  ${service.service}: left as it is: ${service.reason ?? ""}`
      : `  ${service.service}: ${service.from ?? ""} -> ${service.to ?? ""}${service.rolledBack?.completed ? "" : ` NOT completed (${service.rolledBack?.error ?? service.rolledBack?.state ?? ""})`}`,
  );
  const rolled = result.services.filter((service) => service.action === "rolled-back");
  const verdict = rolled.length === 0 ? `${result.stack}: nothing to roll back on the Swarm` : result.ok ? `${result.stack}: ${rolled.length} service(s) back to their previous spec on the Swarm` : `${result.stack}: rollback FAILED for ${rolled.filter((service) => service.rolledBack?.completed !== true).map((service) => service.service).join(", ")}`;
  return `${lines.join("\n")}\n${verdict}\n`;
}
