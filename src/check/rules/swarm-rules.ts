import type { Rule } from "../rule.js";
import { swarmBindMountNodeLocal } from "./swarm-bind-mount-node-local.js";
import { swarmBuildIgnored } from "./swarm-build-ignored.js";
import { swarmDependsOnIgnored } from "./swarm-depends-on-ignored.js";
import { swarmEnvDeployTime } from "./swarm-env-deploy-time.js";
import { swarmHealthcheckMissing } from "./swarm-healthcheck-missing.js";
import { swarmNetworkMode } from "./swarm-network-mode.js";
import { swarmOptionIgnored } from "./swarm-option-ignored.js";
import { swarmOptionRejected } from "./swarm-option-rejected.js";
import { swarmPublishedPort } from "./swarm-published-port.js";
import { swarmRestartMapped } from "./swarm-restart-mapped.js";
import { swarmVolumeUnpinned } from "./swarm-volume-unpinned.js";

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
  swarmNetworkMode,
  swarmOptionIgnored,
  swarmOptionRejected,
  swarmPublishedPort,
  swarmRestartMapped,
  swarmVolumeUnpinned,
];

/** The rules `berth check` runs for a target. */
export function rulesForTarget(rules: readonly Rule[], target: CheckTarget): readonly Rule[] {
  return target === "swarm" ? [...rules, ...swarmRules].sort((a, b) => a.id.localeCompare(b.id)) : rules;
}
