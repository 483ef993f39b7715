import { swarmRestartOf } from "../../common/restart-policy.js";
import { defineRule } from "../rule.js";
import { writtenAt } from "./swarm-support.js";

/** What `restart:` becomes when docker stack deploy converts it (docker/cli convertRestartPolicy). */
function swarmPolicyOf(restart: string): string {
  const mapped = swarmRestartOf(restart);
  switch (mapped.condition) {
    case "unset":
      return "no restart policy, so Swarm's default: condition any (restart on every exit)";
    case "any":
      return "condition: any";
    case "on-failure":
      return mapped.maxAttempts > 0 ? `condition: on-failure, max_attempts: ${mapped.maxAttempts}` : "condition: on-failure";
    case "invalid":
      return "an invalid policy: docker stack deploy refuses it";
  }
}

export const swarmRestartMapped = defineRule({
  id: "swarm-restart-mapped",
  group: "compose",
  severity: "info",
  title: "Swarm: restart becomes a restart policy",
  doc: {
    why: "Swarm restarts tasks by `deploy.restart_policy`, not by `restart`. `docker stack deploy` converts `restart` only when there is no restart_policy: `always` and `unless-stopped` become `condition: any`, `on-failure[:N]` becomes `on-failure` with `max_attempts`, and `\"no\"` becomes no policy at all, which Swarm reads as `condition: any`: a one-shot job (a migration) runs again every time it exits, forever.",
    example: "services:\n  migrate:\n    image: shop-api:1.4\n    command: [\"node\", \"migrate.js\"]\n    restart: \"no\"",
    fix: "Write `deploy.restart_policy` (condition none, on-failure or any, with delay, max_attempts and window); for a one-shot job use `condition: none` or `deploy.mode: replicated-job`.",
  },
  check(context, report) {
    for (const view of context.services) {
      const restart = view.service.restart;
      const at = writtenAt(context, ["services", view.name, "restart"]);
      if (restart === undefined || at === undefined) continue;
      if (view.service.deploy?.restart_policy !== undefined) {
        report({ at, message: `service "${view.name}": restart is ignored on Swarm, deploy.restart_policy applies`, hint: "remove restart from the file you deploy to Swarm" });
      } else if (restart === "no") {
        report({ at, severity: "warning", message: `service "${view.name}" sets restart: "no", which on Swarm becomes ${swarmPolicyOf(restart)}`, hint: "set deploy.restart_policy.condition: none (or deploy.mode: replicated-job) so the task is not started again after it exits" });
      } else {
        report({ at, message: `service "${view.name}": restart: ${restart} becomes deploy.restart_policy ${swarmPolicyOf(restart)}`, hint: "write deploy.restart_policy with delay and max_attempts so a crash loop backs off and ends" });
      }
    }
  },
});
