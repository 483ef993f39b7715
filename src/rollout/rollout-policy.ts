import type { Service, UpdateConfig } from "../compose/model/project.js";
import { durationToMillis } from "../common/duration.js";
import { hasHealthcheck } from "../plan/desired.js";

/** How a service is replaced: compose-spec `deploy.update_config` with berth's defaults filled in. */
export interface RolloutPolicy {
  readonly order: "start-first" | "stop-first";
  /** Replicas replaced at once. */
  readonly parallelism: number;
  /** Pause between two batches. */
  readonly delayMs: number;
  /** How long a new container has to become healthy; undefined: the healthcheck's own budget. */
  readonly monitorMs: number | undefined;
  readonly failureAction: "rollback" | "pause" | "continue";
  /** Why this order was chosen, for the plan text. */
  readonly reason: string;
}

const failureActions = ["rollback", "pause", "continue"] as const;

/**
 * The policy for an update (`update_config`) or a rollback (`rollback_config`). Start-first is
 * the default only where two containers can run side by side and berth can tell when the new one
 * is ready: a healthcheck, no published host port (both would bind it), no fixed container_name.
 * failure_action defaults to rollback (swarm's default is pause): a deploy that keeps the old
 * version serving is what a small team wants when nobody watches.
 */
export function rolloutPolicy(service: Service, kind: "update" | "rollback" = "update"): RolloutPolicy {
  const config: UpdateConfig = (kind === "update" ? service.deploy?.update_config : service.deploy?.rollback_config) ?? {};
  const blocker = startFirstBlocker(service);
  const order = config.order ?? (blocker ? "stop-first" : "start-first");
  const reason = config.order ? `update_config.order ${config.order}` : (blocker ?? "stateless with a healthcheck");
  return {
    order: order === "start-first" && blocker ? "stop-first" : order,
    parallelism: Math.max(1, config.parallelism ?? 1),
    delayMs: durationToMillis(config.delay) ?? 0,
    monitorMs: durationToMillis(config.monitor) || undefined,
    failureAction: failureActions.find((action) => action === config.failure_action) ?? "rollback",
    reason: config.order === "start-first" && blocker ? `start-first impossible: ${blocker}` : reason,
  };
}

/** What keeps two containers of the service from running side by side, if anything. */
export function startFirstBlocker(service: Service): string | undefined {
  if (!hasHealthcheck(service)) return "no healthcheck to tell when the new container is ready";
  if ((service.ports ?? []).some((port) => port.published)) return "publishes a host port";
  if (service.container_name) return "fixed container_name";
  if (service.network_mode) return `network_mode ${service.network_mode}`;
  return undefined;
}
