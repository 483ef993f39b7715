import type { Service } from "../compose/model/project.js";
import type { ObservedContainer } from "../plan/observed-state.js";
import { rolloutPolicy, type RolloutPolicy } from "./rollout-policy.js";

/** One replica to replace: the container serving now and the name its successor starts under. */
export interface Replacement {
  readonly number: number;
  readonly oldId: string;
  readonly oldName: string;
  /** The successor's name while both run; it takes `oldName` once the old one is retired. */
  readonly nextName: string;
  /** The old container's name after it is retired (kept stopped until the rollout succeeded). */
  readonly retiredName: string;
}

export interface ServiceRollout {
  readonly service: string;
  readonly policy: RolloutPolicy;
  readonly batches: readonly (readonly Replacement[])[];
  /** Why the service is replaced (config or image changed), carried into output and history. */
  readonly cause: string;
}

/**
 * Pure: which replicas of a service are replaced, in which batches. Replicas keep their number;
 * the successor runs under a temporary name beside the old one and is renamed when the old one
 * steps aside, as docker compose does with its `<id>_<name>` names on recreate.
 */
export function planServiceRollout(service: Service, running: readonly ObservedContainer[], cause: string, kind: "update" | "rollback" = "update"): ServiceRollout {
  const policy = rolloutPolicy(service, kind);
  const replicas = running.filter((c) => c.service === service.name && !c.oneoff).sort((a, b) => a.number - b.number);
  const replacements = replicas.map(replacementOf);
  const batches: Replacement[][] = [];
  for (let i = 0; i < replacements.length; i += policy.parallelism) batches.push(replacements.slice(i, i + policy.parallelism));
  return { service: service.name, policy, batches, cause };
}

function replacementOf(container: ObservedContainer): Replacement {
  return {
    number: container.number,
    oldId: container.id,
    oldName: container.name,
    nextName: `${container.name}_next`,
    retiredName: `${container.id.slice(0, 12)}_${container.name}`,
  };
}

/** Stable text of a rollout, one line per batch, for `--dry-run` and golden tests. */
export function renderRollout(rollout: ServiceRollout, gateProbes: readonly string[] = []): string {
  const { policy } = rollout;
  const pace = [`batches of ${policy.parallelism}`, ...(policy.delayMs > 0 ? [`${policy.delayMs} ms apart`] : []), ...(policy.monitorMs ? [`monitor ${policy.monitorMs} ms`] : [])];
  const head = `${rollout.service}: ${policy.order} (${policy.reason}), ${rollout.cause}; ${pace.join(", ")}; on failure ${policy.failureAction}`;
  const step = (r: Replacement) => (policy.order === "start-first" ? `${r.oldName} -> ${r.nextName}` : `stop ${r.oldName}, then start its replacement`);
  const lines = rollout.batches.map((batch, i) => `  batch ${i + 1}: ${batch.map(step).join(", ")}`);
  const gates = gateProbes.length > 0 ? [`  gate probes (on each new container before it takes traffic): ${gateProbes.join(", ")}`] : [];
  return [head, ...lines, ...gates].join("\n") + "\n";
}
