import type { Service } from "../compose/model/project.js";
import type { ServiceSpec, UpdateConfig } from "./swarm-spec.js";

/** Swarm's own monitor when none is written (5 s), in nanoseconds. */
const swarmDefaultMonitorNs = 5e9;
/** The longest monitor berth picks by itself: every task of an update waits this long. */
const longestDefaultMonitorNs = 30e9;

/** How berth updates one service on a manager: the spec with berth's defaults, and why an update stops serving. */
export interface UpdatePolicy {
  readonly spec: ServiceSpec;
  /** Set when an update of the service cannot keep it serving (stop-first), with the reason. */
  readonly downtime?: string;
  /** What berth set because the file did not (`update_config.order: start-first`, …), for the plan and the docs. */
  readonly defaults: readonly string[];
}

/**
 * Why a new task cannot start beside the old one, if it cannot: a host-mode published port (the
 * new task could not listen on the port of the node that holds the old one) or a named volume
 * (two tasks writing one data folder, or, on another node, an empty one). Anonymous volumes and
 * bind mounts do not count (a bind mount that holds data does; berth cannot tell, docs/swarm.md).
 */
export function startFirstBlocker(spec: ServiceSpec): string | undefined {
  const hostPort = spec.EndpointSpec.Ports?.find((port) => port.PublishMode === "host");
  if (hostPort !== undefined) return `publishes port ${hostPort.PublishedPort ?? hostPort.TargetPort} in host mode: a new task cannot listen on it beside the old one`;
  // An anonymous volume (no source) is new for each task: nothing is shared.
  const volume = spec.TaskTemplate.ContainerSpec.Mounts?.find((mount) => mount.Type === "volume" && mount.Source !== undefined && mount.Source !== "");
  if (volume?.Source !== undefined) return `mounts volume ${volume.Source}: two tasks must not write one data folder`;
  return undefined;
}

/**
 * The monitor berth sets when the file has none: as long as the healthcheck takes to call a
 * task unhealthy (interval × retries), so a task that passes its first check and then fails is
 * still caught by Swarm's `failure_action`; at least Swarm's 5 s, at most 30 s.
 */
export function defaultMonitorNs(spec: ServiceSpec): number {
  const health = spec.TaskTemplate.ContainerSpec.Healthcheck;
  if (health?.Test === undefined || health.Test[0] === "NONE") return swarmDefaultMonitorNs;
  const interval = health.Interval ?? 30e9;
  const retries = health.Retries ?? 3;
  return Math.min(longestDefaultMonitorNs, Math.max(swarmDefaultMonitorNs, interval * retries));
}

const seconds = (ns: number): string => `${Math.round(ns / 1e8) / 10}s`;

/**
 * The update and rollback configuration berth deploys for a service (docs/swarm.md, "Rolling
 * updates and rollback"): what the file writes stays as written; what it leaves out, berth sets
 * for a replicated or global service (jobs are left alone, an update reruns them):
 * - `order: start-first` unless a host-mode port or a named volume forbids it (then stop-first,
 *   and the plan names the update as one with downtime);
 * - `failure_action: rollback`: Swarm's default `pause` leaves a half-updated service;
 * - `monitor`: {@link defaultMonitorNs};
 * - a `rollback_config` with the same order and monitor, parallelism 1.
 */
export function updatePolicyOf(service: Service, spec: ServiceSpec): UpdatePolicy {
  if (spec.Mode.ReplicatedJob !== undefined || spec.Mode.GlobalJob !== undefined) return { spec, defaults: [] };
  const written = service.deploy?.update_config;
  const writtenRollback = service.deploy?.rollback_config;
  const blocker = startFirstBlocker(spec);
  const defaults: string[] = [];
  const order = written?.order ?? (blocker === undefined ? "start-first" : "stop-first");
  if (written?.order === undefined) defaults.push(`update_config.order: ${order}`);
  const failureAction = written?.failure_action ?? "rollback";
  if (written?.failure_action === undefined) defaults.push("update_config.failure_action: rollback");
  const monitor = spec.UpdateConfig?.Monitor ?? defaultMonitorNs(spec);
  if (written?.monitor === undefined) defaults.push(`update_config.monitor: ${seconds(monitor)}`);
  const update: UpdateConfig = { ...spec.UpdateConfig, Parallelism: spec.UpdateConfig?.Parallelism ?? 1, Order: order, FailureAction: failureAction, Monitor: monitor };
  const rollbackOrder = writtenRollback?.order ?? order;
  if (writtenRollback === undefined) defaults.push(`rollback_config: parallelism 1, order ${rollbackOrder}, monitor ${seconds(monitor)}`);
  const rollback: UpdateConfig = spec.RollbackConfig ?? { Parallelism: 1, Order: rollbackOrder, Monitor: monitor };
  const downtime = order === "stop-first" ? (written?.order === "stop-first" ? "update_config.order: stop-first as written" : `stop-first: it ${blocker ?? ""}`) : undefined;
  return { spec: { ...spec, UpdateConfig: update, RollbackConfig: rollback }, defaults, ...(downtime !== undefined ? { downtime } : {}) };
}
