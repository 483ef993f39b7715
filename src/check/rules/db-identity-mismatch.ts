import { envSettings, type EnvSetting } from "../helpers/env-facts.js";
import { environmentOf, serviceByHost } from "../helpers/service-facts.js";
import { parseUrl, type ParsedUrl } from "../helpers/urls.js";
import type { ServiceView } from "../context.js";
import { defineRule } from "../rule.js";

export const dbIdentityMismatch = defineRule({
  id: "db-identity-mismatch",
  group: "cross-file",
  severity: "error",
  title: "Connection string disagrees with the database service",
  doc: {
    why: "The app's `DATABASE_URL` and the database's `POSTGRES_USER`/`POSTGRES_PASSWORD`/`POSTGRES_DB` are two copies of one identity: when one is renamed or rotated (or `environment:` overrides the `env_file` that was updated), the app fails with \"password authentication failed\" or \"database does not exist\".",
    example: "api:\n  environment:\n    DATABASE_URL: postgresql://aidb:old@db:5432/aidb\ndb:\n  environment:\n    POSTGRES_USER: mcp\n    POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}",
    fix: "Build the URL from the same variables the database uses: `postgresql://${POSTGRES_USER}:${POSTGRES_PASSWORD}@db:5432/${POSTGRES_DB}`.",
  },
  check(context, report) {
    for (const setting of envSettings(context).filter((candidate) => candidate.source === "compose")) {
      const url = parseUrl(setting.value);
      const target = url ? serviceByHost(context, url.host) : undefined;
      if (!url || !target?.datastore?.userVar || target.name === setting.service) continue;
      const problems = mismatches(url, target);
      if (problems.length === 0) continue;
      report({ at: setting.at, message: `${setting.key} of "${setting.service}" disagrees with service "${target.name}": ${problems.join("; ")}`, hint: hintFor(setting, target) });
    }
  },
});

function mismatches(url: ParsedUrl, target: ServiceView): string[] {
  const store = target.datastore!;
  const env = environmentOf(target.service);
  const user = env[store.userVar!] ?? store.defaultUser;
  const password = env[store.passwordVar!];
  const database = store.databaseVar ? env[store.databaseVar] ?? (store.kind === "postgres" ? user : undefined) : undefined;
  const urlDatabase = url.path.replace(/^\//, "").split("?")[0] ?? "";
  const problems: string[] = [];
  if (user !== undefined && url.user !== undefined && url.user !== "" && url.user !== user) problems.push(`user "${url.user}" vs ${store.userVar} "${user}"`);
  if (password !== undefined && url.password !== undefined && url.password !== password) problems.push(`password differs from ${store.passwordVar}`);
  if (database !== undefined && urlDatabase !== "" && store.kind !== "mongo" && urlDatabase !== database) problems.push(`database "${urlDatabase}" vs ${store.databaseVar} "${database}"`);
  return problems;
}

const hintFor = (setting: EnvSetting, target: ServiceView) =>
  `derive ${setting.key} from the variables "${target.name}" uses (\${${target.datastore?.userVar}}, \${${target.datastore?.passwordVar}}, \${${target.datastore?.databaseVar}})`;
