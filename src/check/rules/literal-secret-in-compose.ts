import { envSettings } from "../helpers/env-facts.js";
import { isSecretKey } from "../helpers/service-facts.js";
import { defineRule } from "../rule.js";

export const literalSecretInCompose = defineRule({
  id: "literal-secret-in-compose",
  group: "env",
  severity: "warning",
  title: "Secret written literally in the compose file",
  doc: {
    why: "The compose file is committed and shared: a password typed into `environment:` is in git history for good, and it cannot differ between environments.",
    example: "environment:\n  POSTGRES_PASSWORD: s3cr3t-value",
    fix: "Reference a variable (`POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?set it in .env}`) and keep the value in an untracked `.env`, or use `secrets:`.",
  },
  check(context, report) {
    for (const setting of envSettings(context)) {
      if (setting.source !== "compose" || setting.interpolated || !isSecretKey(setting.key) || setting.value === "" || setting.value.startsWith("/run/secrets/")) continue;
      report({ at: setting.at, message: `${setting.key} of "${setting.service}" is written literally in the compose file`, hint: `use \`${setting.key}: \${${setting.key}:?}\` with the value in an untracked .env, or compose secrets` });
    }
  },
});
