import type { Rule } from "../rule.js";
import { resourceLimitsMissingSwarm } from "./resource-limits-missing-swarm.js";
import { restartPolicyMissingSwarm } from "./restart-policy-missing-swarm.js";
import { swarmBindMountNodeLocal } from "./swarm-bind-mount-node-local.js";
import { swarmBuildIgnored } from "./swarm-build-ignored.js";
import { swarmDependsOnIgnored } from "./swarm-depends-on-ignored.js";
import { swarmEnvDeployTime } from "./swarm-env-deploy-time.js";
import { swarmHealthcheckMissing } from "./swarm-healthcheck-missing.js";
import { swarmHostGateway } from "./swarm-host-gateway.js";
import { swarmNetworkMode } from "./swarm-network-mode.js";
import { swarmOptionIgnored } from "./swarm-option-ignored.js";
import { swarmOptionRejected } from "./swarm-option-rejected.js";
import { swarmPublishedPort } from "./swarm-published-port.js";
import { swarmRestartMapped } from "./swarm-restart-mapped.js";
import { swarmStartFirstMaxPerNode } from "./swarm-start-first-max-per-node.js";
import { swarmVolumeUnpinned } from "./swarm-volume-unpinned.js";
import { urlDependencyUndeclaredSwarm } from "./url-dependency-undeclared-swarm.js";

/** Where a stack is deployed: one Docker engine (the default) or a Swarm cluster (`berth check --target swarm`). */
export type CheckTarget = "engine" | "swarm";

export const checkTargets: readonly CheckTarget[] = ["engine", "swarm"];

/**
 * The rules that only hold on Swarm: each names a compose feature `docker stack deploy` refuses,
 * ignores or maps differently. They run beside the others with `--target swarm`, never without.
 */
export const swarmRules: readonly Rule[] = [
  swarmBindMountNodeLocal,
  swarmBuildIgnored,
  swarmDependsOnIgnored,
  swarmEnvDeployTime,
  swarmHealthcheckMissing,
  swarmHostGateway,
  swarmNetworkMode,
  swarmOptionIgnored,
  swarmOptionRejected,
  swarmPublishedPort,
  swarmRestartMapped,
  swarmStartFirstMaxPerNode,
  swarmVolumeUnpinned,
];

/**
 * Rules whose verdict differs on Swarm, by id: with `--target swarm` the variant runs in place of
 * the single-engine rule (same id, page and suppressions; it judges what Swarm does).
 */
export const swarmVariants: ReadonlyMap<string, Rule> = new Map([resourceLimitsMissingSwarm, restartPolicyMissingSwarm, urlDependencyUndeclaredSwarm].map((rule) => [rule.id, rule]));

/**
 * Single-engine rules that do not run with `--target swarm`, each with the Swarm rule that speaks
 * instead: their advice is wrong there (a depends_on condition, which docker stack deploy rejects)
 * or the Swarm rule says the same at the same line.
 */
export const supersededOnSwarm: ReadonlyMap<string, string> = new Map([
  ["depends-on-not-healthy", "swarm-depends-on-ignored"],
  ["healthy-without-healthcheck", "swarm-depends-on-ignored"],
  ["healthcheck-missing", "swarm-healthcheck-missing"],
]);

/** The rules `berth check` runs for a target. */
export function rulesForTarget(rules: readonly Rule[], target: CheckTarget): readonly Rule[] {
  if (target !== "swarm") return rules;
  const kept = rules.filter((rule) => !supersededOnSwarm.has(rule.id)).map((rule) => swarmVariants.get(rule.id) ?? rule);
  return [...kept, ...swarmRules].sort((a, b) => a.id.localeCompare(b.id));
}
