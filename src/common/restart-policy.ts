/**
 * The restart policy a single Docker engine applies to a service's containers, as docker compose
 * v2 computes it (pkg/compose/create.go, getRestartPolicy): `deploy.restart_policy`, when present,
 * replaces `restart` entirely; its condition maps none/no to no restart, any/always to always,
 * on-failure and unless-stopped to themselves, and a missing condition to no restart.
 */

export interface EngineRestartPolicy {
  /** Engine API name: no, always, on-failure or unless-stopped (anything else passed through). */
  readonly Name: string;
  readonly MaximumRetryCount?: number;
  /** Which key decided: `restart`, `deploy.restart_policy`, or neither (the engine's default, no). */
  readonly from: "restart" | "deploy.restart_policy" | "default";
}

interface RestartSettings {
  readonly restart?: string;
  readonly deploy?: { readonly restart_policy?: { readonly condition?: string; readonly max_attempts?: number } };
}

const conditionNames: Readonly<Record<string, string>> = { none: "no", no: "no", "": "no", any: "always", always: "always" };

function engineName(condition: string): string {
  return conditionNames[condition] ?? condition;
}

export function engineRestartPolicy(service: RestartSettings): EngineRestartPolicy {
  const policy = service.deploy?.restart_policy;
  if (policy !== undefined) {
    const attempts = policy.max_attempts ?? 0;
    return { Name: engineName(policy.condition ?? ""), ...(attempts > 0 ? { MaximumRetryCount: attempts } : {}), from: "deploy.restart_policy" };
  }
  if (service.restart === undefined || service.restart === "") return { Name: "no", from: "default" };
  const [name = "", count] = service.restart.split(":");
  const attempts = count === undefined ? 0 : Number(count);
  return { Name: engineName(name), ...(attempts > 0 ? { MaximumRetryCount: attempts } : {}), from: "restart" };
}

/** Whether the engine starts the service's container again after it stops on its own. */
export function restartsOnEngine(service: RestartSettings): boolean {
  return engineRestartPolicy(service).Name !== "no";
}

/** What `docker stack deploy` makes of `restart:` when no `deploy.restart_policy` is written (docker/cli convertRestartPolicy). */
export type SwarmRestart =
  | { readonly condition: "any" }
  | { readonly condition: "on-failure"; readonly maxAttempts: number }
  /** `no`, empty or absent: no policy, which Swarm runs as condition any. */
  | { readonly condition: "unset" }
  /** A value docker stack deploy refuses. */
  | { readonly condition: "invalid" };

export function swarmRestartOf(restart: string | undefined): SwarmRestart {
  if (restart === undefined || restart === "" || restart === "no") return { condition: "unset" };
  if (restart === "always" || restart === "unless-stopped") return { condition: "any" };
  const onFailure = /^on-failure(?::(\d+))?$/.exec(restart);
  if (onFailure) return { condition: "on-failure", maxAttempts: Number(onFailure[1] ?? 0) };
  return { condition: "invalid" };
}
