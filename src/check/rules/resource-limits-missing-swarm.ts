import { defineRule, type Rule } from "../rule.js";
import { resourceLimitsMissing } from "./resource-limits-missing.js";

/**
 * resource-limits-missing as it holds on Swarm (`berth check --target swarm`): the same services,
 * but only `deploy.resources.limits.memory` is offered: docker stack deploy refuses `mem_limit`.
 */
export const resourceLimitsMissingSwarm: Rule = defineRule({
  ...resourceLimitsMissing,
  check(context, report) {
    resourceLimitsMissing.check(context, (finding) => report({ ...finding, hint: "set `deploy.resources.limits.memory` (docker stack deploy refuses `mem_limit`)" }));
  },
});
