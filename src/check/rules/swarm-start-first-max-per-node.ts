import type { Service } from "../../compose/model/project.js";
import { defineRule } from "../rule.js";
import { placementConstraints, placementMaxReplicasPerNode, writtenAt } from "./swarm-support.js";

/** A constraint naming one node by hostname or id: only that node is eligible. */
function pinnedToOneNode(service: Service): string | undefined {
  return placementConstraints(service).find((constraint) => /^\s*node\.(hostname|id)\s*==/.test(constraint));
}

export const swarmStartFirstMaxPerNode = defineRule({
  id: "swarm-start-first-max-per-node",
  group: "compose",
  severity: "warning",
  title: "Swarm: start-first update needs a free slot under max_replicas_per_node",
  doc: {
    why: "With `order: start-first`, Swarm starts each new task before it stops the old one, so during an update (or rollback) the service runs one task more than `replicas`. `deploy.placement.max_replicas_per_node` caps tasks per node: when the nodes the constraints allow hold exactly `replicas` tasks at that cap, the extra task finds no node, stays pending (\"no suitable node (max replicas per node limit exceed)\") and the update hangs without failing. berth cannot count the cluster's nodes from the file, so it warns whenever both settings meet.",
    example: "services:\n  api:\n    image: shop-api:1.4\n    deploy:\n      replicas: 2\n      placement:\n        max_replicas_per_node: 1\n      update_config:\n        order: start-first",
    fix: "Make sure the constraints leave more eligible nodes than replicas / max_replicas_per_node (one spare slot), raise max_replicas_per_node, spread with `placement.preferences` instead, or use `order: stop-first`.",
  },
  check(context, report) {
    for (const view of context.services) {
      const service = view.service;
      const max = placementMaxReplicasPerNode(service);
      const maxAt = writtenAt(context, ["services", view.name, "deploy", "placement", "max_replicas_per_node"]);
      if (max === undefined || max < 1 || maxAt === undefined || (service.deploy?.mode ?? "replicated") !== "replicated") continue;
      const replicas = service.deploy?.replicas ?? 1;
      const pinned = pinnedToOneNode(service);
      for (const key of ["update_config", "rollback_config"] as const) {
        const config = service.deploy?.[key];
        const orderAt = writtenAt(context, ["services", view.name, "deploy", key, "order"]);
        if (config?.order !== "start-first" || orderAt === undefined) continue;
        // Swarm starts `parallelism` new tasks (0: all of them) before it stops as many old ones.
        const extra = config.parallelism === 0 ? replicas : Math.min(config.parallelism ?? 1, replicas);
        const nodesNeeded = Math.ceil((replicas + extra) / max);
        if (nodesNeeded === 1) continue;
        const what = key === "update_config" ? "an update" : "a rollback";
        const slots = `${replicas} replica${replicas === 1 ? "" : "s"} + ${extra} new task${extra === 1 ? "" : "s"} at max_replicas_per_node: ${max} (line ${maxAt.line})`;
        const tail = pinned === undefined
          ? `the placement constraints must leave at least ${nodesNeeded} eligible nodes, or ${what} hangs with the new task pending (no suitable node)`
          : `"${pinned.trim()}" leaves one node, so ${what} hangs with the new task pending (no suitable node)`;
        report({
          at: orderAt,
          message: `service "${view.name}": ${key}.order start-first runs ${slots} during ${what}, which takes ${nodesNeeded} nodes; ${tail}`,
          hint: `keep at least ${nodesNeeded} nodes eligible, raise max_replicas_per_node, spread with placement.preferences instead, or use order: stop-first`,
        });
      }
    }
  },
});
