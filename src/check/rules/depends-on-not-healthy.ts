import { hasHealthcheck } from "../helpers/service-facts.js";
import { defineRule } from "../rule.js";

export const dependsOnNotHealthy = defineRule({
  id: "depends-on-not-healthy",
  group: "compose",
  severity: "warning",
  title: "depends_on waits only for start, not readiness",
  doc: {
    why: "Short `depends_on` (or `condition: service_started`) only waits for the container to start. A database that has started is not yet accepting connections, so the app fails with \"connection refused\" and restarts (the \"add wait-for-it\" workaround).",
    example: "services:\n  api:\n    depends_on: [db]\n  db:\n    image: postgres:15\n    healthcheck:\n      test: [\"CMD\", \"pg_isready\"]",
    fix: "Use the long form: `depends_on: { db: { condition: service_healthy } }`, and give the dependency a healthcheck.",
  },
  check(context, report) {
    for (const view of context.services) {
      for (const [name, dependency] of Object.entries(view.service.depends_on ?? {})) {
        if (dependency.condition !== "service_started") continue;
        const target = context.services.find((candidate) => candidate.name === name);
        if (!target || (!target.datastore && !hasHealthcheck(target))) continue;
        const reason = hasHealthcheck(target) ? "has a healthcheck" : "is a datastore";
        report({ at: context.locate(["services", view.name, "depends_on", name]), message: `"${view.name}" waits only for "${name}" to start, though "${name}" ${reason}`, hint: `use \`depends_on: { ${name}: { condition: service_healthy } }\`` });
      }
    }
  },
});
