import { hasHealthcheck, isOneShot } from "../helpers/service-facts.js";
import { defineRule } from "../rule.js";

export const healthcheckMissing = defineRule({
  id: "healthcheck-missing",
  group: "compose",
  severity: "info",
  title: "Long-running service without a healthcheck",
  doc: {
    why: "Without a healthcheck, \"running\" is all anyone knows: dependants cannot wait for readiness, and berth cannot gate a rollout on the new container being healthy.",
    example: "services:\n  api:\n    build: .\n    ports: [\"127.0.0.1:8000:8000\"]",
    fix: "Add a `healthcheck:` that probes the app with a tool the image has, e.g. `test: [\"CMD\", \"node\", \"healthcheck.js\"]`.",
  },
  check(context, report) {
    for (const view of context.services) {
      if (hasHealthcheck(view) || isOneShot(context, view) || view.service.healthcheck?.disable === true) continue;
      report({ at: context.locate(["services", view.name]), message: `service "${view.name}" has no healthcheck`, hint: "add a `healthcheck:` so dependants and rollouts can wait for readiness" });
    }
  },
});
