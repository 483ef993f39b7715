import type { Service } from "../compose/model/project.js";

/** How a service's image is obtained: the compose spec's `pull_policy`, as berth applies it. */
export type PullPolicy = "always" | "never" | "missing" | "build";

/** `up --pull`: when given, it replaces every service's `pull_policy` (as docker compose does). */
export type PullOverride = "always" | "missing" | "never";

export interface EffectivePolicy {
  readonly policy: PullPolicy;
  /** Said once in the plan's warnings when berth reads the policy differently than written. */
  readonly note?: string;
}

const exact: Readonly<Record<string, PullPolicy>> = { always: "always", never: "never", missing: "missing", if_not_present: "missing", build: "build" };

/**
 * The policy for one service. `daily`, `weekly` and `every_<duration>` need the time of the last
 * pull, which the engine does not keep: berth treats them as `missing` and says so.
 */
export function pullPolicyOf(service: Service, override?: PullOverride): EffectivePolicy {
  if (override) return { policy: override };
  const written = service.pull_policy;
  if (written === undefined) return { policy: "missing" };
  const policy = exact[written];
  if (policy) return { policy };
  const periodic = written === "daily" || written === "weekly" || written.startsWith("every_");
  const why = periodic ? "berth keeps no time of the last pull" : "it is not a policy berth knows";
  return { policy: "missing", note: `${service.name}: pull_policy "${written}" is treated as "missing" (${why})` };
}
