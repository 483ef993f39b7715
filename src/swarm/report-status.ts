import type { StackView } from "./obs-client.js";
import type { ServiceHealth } from "./obs-health.js";
import type { TaskRow } from "./stack-tasks.js";

/**
 * A stack's service as the report's services table and verdict read it (the report layer's
 * ServiceStatus without the container-only facts: size, CPU, memory, times).
 */
export interface SwarmServiceStatus {
  readonly service: string;
  readonly image: string;
  /** `running` when every desired task runs on a ready node; `exited` for a job whose completions are done; else `N/M tasks running`. */
  readonly state: string;
  /** Swarm keeps a task `starting` until its healthcheck passes, so a running task is as healthy as Swarm knows: `none`. */
  readonly health: "none";
  readonly exitCode: number | null;
  readonly oneShot: boolean;
  /** Tasks of the service that failed or were rejected and were replaced (Swarm keeps the last few per slot). */
  readonly restarts: number;
}

const failedStates = new Set(["failed", "rejected"]);

/**
 * Each service of the stack from the same view `berth ps` reads: a service short of tasks (a
 * task on a node that is down does not count) is not `running`, so the verdict fails it as a
 * service that is not ready, whatever the engine's own count says.
 */
export function swarmServiceStatuses(view: StackView): SwarmServiceStatus[] {
  return view.health.services.map((service) => {
    const rows = view.tasks.filter((row) => row.service === service.service);
    const done = service.mode === "job" && service.completed >= service.desired;
    return {
      service: service.service,
      image: imageOf(rows),
      state: done ? "exited" : service.ok ? "running" : shortState(service),
      health: "none",
      exitCode: done ? 0 : null,
      oneShot: done,
      restarts: rows.filter((row) => failedStates.has(row.state)).length,
    };
  });
}

function shortState(service: ServiceHealth): string {
  return service.mode === "job" ? `job ${service.completed}/${service.desired} completed, none running` : `${service.running}/${service.desired} tasks running`;
}

/** The image the service's current tasks run, as written (the newest task first). */
function imageOf(rows: readonly TaskRow[]): string {
  return (rows.find((row) => row.desiredState === "running" || row.desiredState === "ready") ?? rows[0])?.image ?? "-";
}
