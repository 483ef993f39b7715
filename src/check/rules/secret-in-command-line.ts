import { healthcheckLine, isSecretKey } from "../helpers/service-facts.js";
import { defineRule } from "../rule.js";

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
        // Decided from the loaded value (compose has substituted it): a secret variable's value, or
        // what the words are used as: the argument of a password flag, the userinfo of a URL.
        const named = secrets.find(([, value]) => text.includes(value))?.[0];
        const leaked = named === undefined ? usedAsSecret(text) : `the value of ${named}`;
        if (leaked === undefined) continue;
        report({ at: context.locate(["services", view.name, key]), message: `${key} of "${view.name}" carries ${leaked}`, hint: "read the secret from the environment inside the container (`$$VAR`) or from a file" });
      }
    }
  },
});

// `$VAR` left in the loaded value was written `$$VAR`: the container expands it, nothing leaks.
const passwordFlag = /(?:^|\s)(--requirepass|--masterauth|--password|--pass|--auth)(?:=|\s+)(['"]?)([^\s'"$][^\s'"]*)\2/;
const urlUserinfo = /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:([^\s@/$][^\s@/]*)@/i;

function usedAsSecret(text: string): string | undefined {
  const flag = passwordFlag.exec(text);
  if (flag) return `a secret as the ${flag[1]} argument`;
  return urlUserinfo.test(text) ? "a password in a URL" : undefined;
}
