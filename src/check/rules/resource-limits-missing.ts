import { defineRule } from "../rule.js";

export const resourceLimitsMissing = defineRule({
  id: "resource-limits-missing",
  group: "compose",
  severity: "info",
  title: "No memory limit",
  doc: {
    why: "A service without a memory limit can take the whole host's memory (a leak, a big query) and get every other container OOM-killed with it.",
    example: "services:\n  api:\n    image: ghcr.io/acme/api:1.4.0",
    fix: "Set `mem_limit: 512m` or `deploy.resources.limits.memory: 512M`.",
  },
  check(context, report) {
    for (const view of context.services) {
      if (view.service.mem_limit !== undefined || view.service.deploy?.resources?.limits?.memory !== undefined) continue;
      report({ at: context.locate(["services", view.name]), message: `service "${view.name}" has no memory limit`, hint: "set `deploy.resources.limits.memory` (or `mem_limit`)" });
    }
  },
});
