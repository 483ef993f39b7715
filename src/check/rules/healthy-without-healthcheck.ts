import { hasHealthcheck } from "../helpers/service-facts.js";
import { defineRule } from "../rule.js";

export const healthyWithoutHealthcheck = defineRule({
  id: "healthy-without-healthcheck",
  group: "cross-file",
  severity: "error",
  title: "service_healthy on a service without a healthcheck",
  doc: {
    why: "`condition: service_healthy` waits for a health status that never comes when the dependency has no healthcheck in compose nor a HEALTHCHECK in its Dockerfile: `up` fails with \"dependency has no healthcheck\".",
    example: "services:\n  api:\n    depends_on:\n      cache: { condition: service_healthy }\n  cache:\n    image: redis:7",
    fix: "Add a healthcheck to the dependency (`test: [\"CMD\", \"redis-cli\", \"ping\"]`), or use `service_started`.",
  },
  check(context, report) {
    for (const view of context.services) {
      for (const [name, dependency] of Object.entries(view.service.depends_on ?? {})) {
        const target = context.services.find((candidate) => candidate.name === name);
        if (dependency.condition !== "service_healthy" || !target || hasHealthcheck(target)) continue;
        report({ at: context.locate(["services", view.name, "depends_on", name]), message: `"${view.name}" waits for "${name}" to be healthy, but "${name}" has no healthcheck`, hint: `add a healthcheck to "${name}" (compose \`healthcheck:\` or Dockerfile HEALTHCHECK)` });
      }
    }
  },
});
