import { lineAt } from "../helpers/env-facts.js";
import { healthcheckLine, isSecretKey } from "../helpers/service-facts.js";
import { defineRule } from "../rule.js";

// `${VAR}` or `${VAR:-default}` written by the user: compose substitutes it before the container exists.
const interpolated = /(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)/g;

export const secretInCommandLine = defineRule({
  id: "secret-in-command-line",
  group: "env",
  severity: "warning",
  title: "Secret on a command line",
  doc: {
    why: "`command: redis-server --requirepass ${REDIS_PASSWORD}` is interpolated by compose: the password is stored in the container config, shown by `docker inspect` and `ps`, and copied into every log of the command.",
    example: "command: redis-server --requirepass ${REDIS_PASSWORD}",
    fix: "Pass it through the environment or a file the process reads (`redis-server /usr/local/etc/redis/redis.conf`, `--requirepass` via a config file or `REDIS_PASSWORD` read by an entrypoint with `$$REDIS_PASSWORD`).",
  },
  check(context, report) {
    const secrets = Object.entries(context.project.meta.environment).filter(([key, value]) => isSecretKey(key) && value.length >= 4);
    for (const view of context.services) {
      const places: [string, string | undefined][] = [["command", view.service.command?.join(" ")], ["entrypoint", view.service.entrypoint?.join(" ")], ["healthcheck", healthcheckLine(view.service)]];
      for (const [key, text] of places) {
        if (text === undefined) continue;
        const at = context.locate(["services", view.name, key]);
        const written = [0, 1, 2, 3].map((offset) => lineAt(context, { ...at, line: at.line + offset })).join("\n");
        const leaked = secrets.find(([, value]) => text.includes(value))?.[0] ?? [...written.matchAll(interpolated)].map((match) => match[1] ?? "").find(isSecretKey);
        if (leaked === undefined) continue;
        report({ at, message: `${key} of "${view.name}" contains the value of ${leaked}`, hint: "read the secret from the environment inside the container (`$$VAR`) or from a file" });
      }
    }
  },
});
