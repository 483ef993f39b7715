import type { GateTiming } from "./service-gate.js";
import type { ExistingService, SwarmPort } from "./swarm-port.js";

/** Update states that say a rollback is under way or over. */
const rollbackStates = new Set(["rollback_started", "rollback_completed", "rollback_paused"]);

/** What happened to a failed update's service after berth called the release failed. */
export interface RolledBack {
  /** swarm: its `failure_action: rollback` did it; berth: berth asked for it (`docker service rollback`). */
  readonly by: "swarm" | "berth";
  /** rollback_completed when the service runs its previous spec again; else how far it got. */
  readonly state: string;
  readonly completed: boolean;
  /** The image the service runs after the rollback (its previous spec's). */
  readonly image: string;
  /** Why a rollback could not be asked for, if it could not (no previous spec, the manager refused). */
  readonly error?: string;
}

const imageOf = (service: ExistingService): string => service.Spec.TaskTemplate?.ContainerSpec?.Image ?? "";

/**
 * After berth found an update of a service failed: returns the service to the spec it had
 * before. When Swarm already rolls it back (its `failure_action: rollback` fired) berth only
 * waits; otherwise berth asks for the rollback (`docker service rollback`: the PreviousSpec,
 * through the service's rollback_config) at the version it read, so a rollback Swarm started in
 * between is not undone by a second one (the manager refuses the stale version, and berth waits
 * for Swarm's). Waits, bounded by the gate's timeout, until Swarm says the rollback completed or
 * paused.
 */
export async function rollBackService(port: SwarmPort, serviceId: string, timing: GateTiming): Promise<RolledBack> {
  let current = await port.service(serviceId);
  let by: RolledBack["by"] = "swarm";
  if (!rollbackStates.has(current.UpdateStatus?.State ?? "")) {
    try {
      await port.rollbackService(serviceId, current.Version.Index);
      by = "berth";
    } catch (error) {
      current = await port.service(serviceId);
      if (!rollbackStates.has(current.UpdateStatus?.State ?? "")) {
        return { by: "berth", state: current.UpdateStatus?.State ?? "none", completed: false, image: imageOf(current), error: error instanceof Error ? error.message : String(error) };
      }
    }
  }
  const started = timing.now();
  for (;;) {
    current = await port.service(serviceId);
    const state = current.UpdateStatus?.State ?? "";
    if (state === "rollback_completed" || state === "rollback_paused") return { by, state, completed: state === "rollback_completed", image: imageOf(current) };
    const waited = timing.now() - started;
    if (timing.signal.aborted || waited >= timing.timeoutMs) return { by, state: state || "none", completed: false, image: imageOf(current) };
    await timing.sleep(Math.min(timing.pollMs, Math.max(1, timing.timeoutMs - waited)), timing.signal);
  }
}

/** One sentence for the summary and the journal: who rolled what back to which image, and whether it finished. */
export function describeRollback(service: string, rolled: RolledBack): string {
  const who = rolled.by === "swarm" ? "Swarm rolled it back (failure_action: rollback)" : "berth rolled it back (docker service rollback)";
  if (rolled.error !== undefined) return `${service}: NOT rolled back: the rollback was refused (${rolled.error}); the service stays as Swarm left it (${rolled.state})`;
  if (rolled.completed) return `${service}: ${who} to its previous spec (image ${rolled.image}); the previous version serves`;
  return `${service}: ${who}, but the rollback did not complete (${rolled.state}); check \`docker service ps\``;
}
