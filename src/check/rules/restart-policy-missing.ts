import { isOneShot } from "../helpers/service-facts.js";
import { defineRule } from "../rule.js";

export const restartPolicyMissing = defineRule({
  id: "restart-policy-missing",
  group: "compose",
  severity: "info",
  title: "Long-running service without a restart policy",
  doc: {
    why: "Without `restart:`, a crashed container or a host reboot leaves the service down until someone runs `up` again.",
    example: "services:\n  api:\n    image: ghcr.io/acme/api:1.4.0",
    fix: "Add `restart: unless-stopped` (or `deploy.restart_policy`).",
  },
  check(context, report) {
    for (const view of context.services) {
      if (view.service.restart !== undefined || view.service.deploy?.restart_policy !== undefined || isOneShot(context, view)) continue;
      report({ at: context.locate(["services", view.name]), message: `service "${view.name}" has no restart policy`, hint: "add `restart: unless-stopped`" });
    }
  },
});
