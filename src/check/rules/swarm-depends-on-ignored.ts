import { defineRule } from "../rule.js";
import { writtenAt } from "./swarm-support.js";

export const swarmDependsOnIgnored = defineRule({
  id: "swarm-depends-on-ignored",
  group: "compose",
  severity: "warning",
  title: "Swarm: depends_on orders nothing",
  doc: {
    why: "`docker stack deploy` starts every service of a stack at once and Swarm ignores `depends_on`: an app that needs its database at boot crash-loops until the database is up (each crash counts against `restart_policy.max_attempts`). The long form with `condition: service_healthy` or `service_completed_successfully` is not even part of the stack file format: `docker stack deploy` rejects the file.",
    example: "services:\n  api:\n    image: shop-api:1.4\n    depends_on:\n      db:\n        condition: service_healthy",
    fix: "Make the app retry its dependencies at boot (and report unready through its healthcheck until they answer); deploy with `berth up` on a manager, which creates a dependant only once its dependencies are ready (docs/swarm.md), or use the short list form for `docker stack deploy`.",
  },
  check(context, report) {
    for (const view of context.services) {
      const at = writtenAt(context, ["services", view.name, "depends_on"]);
      const dependencies = Object.entries(view.service.depends_on ?? {});
      if (at === undefined || dependencies.length === 0) continue;
      const conditional = dependencies.filter(([, dependency]) => dependency.condition !== "service_started");
      if (conditional.length > 0) {
        const named = conditional.map(([name, dependency]) => `${name} (${dependency.condition})`).join(", ");
        report({ at, severity: "error", message: `service "${view.name}" waits for ${named}: docker stack deploy rejects depends_on conditions (the stack format only has a list), and Swarm would start it at once anyway`, hint: "make the app retry until its dependencies answer; deploy through berth, which gates on their health, or write depends_on as a plain list for docker stack deploy" });
        continue;
      }
      report({ at, message: `service "${view.name}" depends on ${dependencies.map(([name]) => name).join(", ")}, but docker stack deploy starts every service of the stack at once`, hint: "berth up on a manager creates it only once they are ready (docs/swarm.md); under docker stack deploy, make the app retry until its dependencies answer (its healthcheck failing meanwhile)" });
    }
  },
});
