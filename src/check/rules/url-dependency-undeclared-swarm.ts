import { defineRule, type Rule } from "../rule.js";
import { dependsOn, serviceConnections, urlDependencyUndeclared } from "./url-dependency-undeclared.js";

/**
 * url-dependency-undeclared as it holds on Swarm (`berth check --target swarm`): Swarm starts every
 * service of a stack at once and ignores depends_on, so the rule never asks for one. Where the
 * dependency is written in depends_on, swarm-depends-on-ignored already speaks; elsewhere an info
 * says the client must retry.
 */
export const urlDependencyUndeclaredSwarm: Rule = defineRule({
  ...urlDependencyUndeclared,
  severity: "info",
  check(context, report) {
    for (const connection of serviceConnections(context)) {
      if (dependsOn(context, connection.from).has(connection.to)) continue;
      report({
        at: connection.at,
        message: `"${connection.from}" connects to "${connection.to}" (${connection.key}); Swarm starts both at once, so until "${connection.to}" answers "${connection.from}" must retry, or it fails and is restarted by its restart policy until it gets through`,
        hint: `make "${connection.from}" retry at boot (a long-running service failing its healthcheck meanwhile); depends_on orders nothing on Swarm`,
      });
    }
  },
});
