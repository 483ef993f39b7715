import { hasHealthcheck, isOneShot } from "../helpers/service-facts.js";
import { defineRule } from "../rule.js";

export const swarmHealthcheckMissing = defineRule({
  id: "swarm-healthcheck-missing",
  group: "compose",
  severity: "warning",
  title: "Swarm: a task without a healthcheck counts as ready when it starts",
  doc: {
    why: "Swarm marks a task running the moment its process starts. Without a healthcheck a rolling update (`update_config`) moves on, and with `order: start-first` stops the old task, before the new one can serve; `failure_action: rollback` only fires on crashes inside `monitor`; and an app that hangs is never replaced. On one host berth watches a healthcheck-less service itself; on Swarm the engine decides.",
    example: "services:\n  api:\n    image: shop-api:1.4\n    deploy:\n      replicas: 2\n      update_config:\n        order: start-first",
    fix: "Give the service (or its image) a healthcheck that answers only when the app serves, with a `start_period` that covers its boot; Swarm then waits for healthy before it counts a task as updated.",
  },
  check(context, report) {
    for (const view of context.services) {
      const job = view.service.deploy?.mode === "replicated-job" || view.service.deploy?.mode === "global-job";
      if (hasHealthcheck(view) || job || isOneShot(context, view)) continue;
      const disabled = view.service.healthcheck?.disable === true || view.service.healthcheck?.test?.[0] === "NONE";
      const updated = view.service.deploy?.update_config !== undefined ? " although it has an update_config" : "";
      report({
        at: context.locate(["services", view.name, ...(disabled ? ["healthcheck"] : [])]),
        message: `service "${view.name}" has ${disabled ? "its healthcheck disabled" : "no healthcheck"}${updated}: Swarm counts its tasks as ready the moment they start, so updates and rollbacks go ahead blind`,
        hint: "add a healthcheck that passes only once the app serves, with a start_period covering its boot",
      });
    }
  },
});
