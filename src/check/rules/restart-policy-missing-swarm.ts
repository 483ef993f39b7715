import { isOneShot } from "../helpers/service-facts.js";
import { defineRule, type Rule } from "../rule.js";
import { restartPolicyMissing } from "./restart-policy-missing.js";

/**
 * restart-policy-missing as it holds on Swarm (`berth check --target swarm`): a service without
 * `deploy.restart_policy` gets Swarm's default, condition any (and `restart` is converted by
 * swarm-restart-mapped), so only `condition: none` on a long-running service leaves it down.
 */
export const restartPolicyMissingSwarm: Rule = defineRule({
  ...restartPolicyMissing,
  check(context, report) {
    for (const view of context.services) {
      if (view.service.deploy?.restart_policy?.condition !== "none" || isOneShot(context, view)) continue;
      report({
        at: context.locate(["services", view.name, "deploy", "restart_policy", "condition"]),
        message: `service "${view.name}": deploy.restart_policy.condition is none, so Swarm never starts its task again after it exits or crashes (the service stays at 0 running)`,
        hint: "use condition: any (or on-failure) for a long-running service; for a run-to-completion job set deploy.mode: replicated-job",
      });
    }
  },
});
