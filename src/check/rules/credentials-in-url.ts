import { envSettings } from "../helpers/env-facts.js";
import { parseUrl } from "../helpers/urls.js";
import { defineRule } from "../rule.js";

export const credentialsInUrl = defineRule({
  id: "credentials-in-url",
  group: "env",
  severity: "warning",
  title: "Password inside a connection URL",
  doc: {
    why: "A `DATABASE_URL` with the password inlined in compose is a second copy of the secret that drifts from `POSTGRES_PASSWORD` when one is rotated; reserved characters (`@ : / # ?`) in the password break the URL unless percent-encoded.",
    example: "DATABASE_URL: postgresql://autopack:autopack@db:5432/autopack",
    fix: "Build the URL from variables (`postgresql://${DB_USER}:${DB_PASSWORD}@db:5432/${DB_NAME}`) kept in one untracked env file, percent-encoding the password.",
  },
  check(context, report) {
    for (const setting of envSettings(context)) {
      const raw = setting.value.trim();
      const url = parseUrl(raw);
      if (!url?.password || url.password.includes("$")) continue;
      const unencoded = /^[a-z][a-z0-9+.-]*:\/\/[^@/]*:[^@]*@.*@/i.test(raw);
      if (setting.source === "compose" && !setting.interpolated) {
        report({ at: setting.at, message: `${setting.key} embeds a password in the compose file`, hint: "reference variables for the credentials and keep them in one untracked env file" });
      } else if (unencoded) {
        report({ at: setting.at, message: `${setting.key} has an unencoded "@" in its password; the host is parsed wrongly`, hint: "percent-encode the password (@ is %40)", severity: "error" });
      }
    }
  },
});
