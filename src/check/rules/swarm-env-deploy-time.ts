import { basename } from "node:path";
import { defineRule } from "../rule.js";

export const swarmEnvDeployTime = defineRule({
  id: "swarm-env-deploy-time",
  group: "env",
  severity: "info",
  title: "Swarm: environment files are read once, on the deploying machine",
  doc: {
    why: "`docker stack deploy` reads each service's `env_file` on the machine you deploy from and copies the values into the service definition: the nodes never read the file, anyone with manager access sees the values in `docker service inspect`, and an edit changes nothing until the next deploy. It does not read `.env` at all: `${VAR}` in the compose file takes the deploying shell's environment only, so a variable set only in `.env` becomes empty, or stops the deploy where the file writes `${VAR:?}`.",
    example: "services:\n  api:\n    image: shop-api:1.4\n    env_file: ./api.env\n    environment:\n      DB_PASSWORD: ${DB_PASSWORD:?set it in .env}",
    fix: "Export the `.env` variables in the deploying shell (`set -a; . ./.env; set +a`) or deploy through berth, which interpolates as compose does; move passwords and keys from env files to Swarm secrets (`secrets:` with `file:`), read from /run/secrets/NAME.",
  },
  check(context, report) {
    for (const view of context.services) {
      (view.service.env_file ?? []).forEach((file, index) => {
        report({ at: context.locate(["services", view.name, "env_file", index]), message: `service "${view.name}": docker stack deploy reads ${file.path} on the deploying machine and stores its values in the service definition (visible in docker service inspect); the nodes never read it`, hint: "redeploy after editing it; move passwords and keys to Swarm secrets" });
      });
    }
    for (const dotenv of context.dotenv) {
      const first = dotenv.entries[0];
      if (first === undefined) continue;
      const keys = dotenv.entries.map((entry) => entry.key);
      const listed = keys.length > 5 ? `${keys.slice(0, 5).join(", ")} and ${keys.length - 5} more` : keys.join(", ");
      report({ at: first.at, severity: "warning", message: `docker stack deploy does not read ${basename(dotenv.path)}: ${listed} must be set in the deploying shell, or \${VAR} in the compose file comes out empty`, hint: "export them before docker stack deploy (set -a; . ./.env; set +a), or deploy through berth, which reads .env as compose does" });
    }
  },
});
