import { engineRestartPolicy } from "../../common/restart-policy.js";
import { isOneShot } from "../helpers/service-facts.js";
import { defineRule } from "../rule.js";

export const restartPolicyMissing = defineRule({
  id: "restart-policy-missing",
  group: "compose",
  severity: "info",
  title: "Long-running service without a restart policy",
  doc: {
    why: "Without a restart policy, a crashed container or a host reboot leaves the service down until someone runs `up` again. On one engine, `deploy.restart_policy` replaces `restart` when both are written (as docker compose does): `condition: none`, or no condition at all, means no restart even beside `restart: unless-stopped`. With `--target swarm` the rule only speaks of `deploy.restart_policy.condition: none`: Swarm restarts a task on any exit unless told otherwise.",
    example: "services:\n  api:\n    image: ghcr.io/acme/api:1.4.0",
    fix: "Add `restart: unless-stopped`, or `deploy.restart_policy` with `condition: any` or `on-failure` (the one that applies on both a single engine and Swarm).",
  },
  check(context, report) {
    for (const view of context.services) {
      if (isOneShot(context, view)) continue;
      const policy = engineRestartPolicy(view.service);
      if (policy.from === "default") {
        report({ at: context.locate(["services", view.name]), message: `service "${view.name}" has no restart policy`, hint: "add `restart: unless-stopped` (or deploy.restart_policy with condition: any)" });
      } else if (policy.from === "deploy.restart_policy" && policy.Name === "no") {
        const condition = view.service.deploy?.restart_policy?.condition;
        const written = condition === undefined ? "deploy.restart_policy has no condition" : `deploy.restart_policy.condition is ${condition}`;
        const overridden = view.service.restart !== undefined && view.service.restart !== "no";
        report({
          at: context.locate(["services", view.name, "deploy", "restart_policy", ...(condition === undefined ? [] : ["condition"])]),
          ...(overridden ? { severity: "warning" as const } : {}),
          message: `service "${view.name}": ${written}, so its container is never restarted${overridden ? `; it replaces restart: ${view.service.restart}, which is ignored` : ""}`,
          hint: "set deploy.restart_policy.condition: any (or on-failure), or remove deploy.restart_policy and keep restart",
        });
      }
    }
  },
});
