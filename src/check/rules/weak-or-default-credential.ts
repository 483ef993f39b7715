import { isAbsolute, join } from "node:path";
import type { CheckContext, ServiceView } from "../context.js";
import type { Location } from "../finding.js";
import { envSettings } from "../helpers/env-facts.js";
import { environmentOf } from "../helpers/service-facts.js";
import { defineRule } from "../rule.js";

const weak = new Set(["admin", "password", "postgres", "root", "secret", "123456", "12345678", "test", "pass", "mysql", "example", "letmein", "qwerty", "guest"]);

export const weakOrDefaultCredential = defineRule({
  id: "weak-or-default-credential",
  group: "env",
  severity: "warning",
  title: "Weak or default database credential",
  doc: {
    why: "A password equal to the user or database name, or a well-known default (`postgres`, `admin`, `password`), is the first thing scanners try; Grafana without `GF_SECURITY_ADMIN_PASSWORD` starts as admin/admin.",
    example: "POSTGRES_USER: autopack\nPOSTGRES_PASSWORD: autopack\nPOSTGRES_DB: autopack",
    fix: "Use a generated password (`openssl rand -hex 24`) from an env file or a secret.",
  },
  check(context, report) {
    for (const view of context.services) {
      const env = environmentOf(view.service);
      const store = view.datastore;
      const password = store?.passwordVar === undefined ? undefined : env[store.passwordVar] ?? env["MYSQL_ROOT_PASSWORD"];
      const peers = [store?.userVar && env[store.userVar], store?.databaseVar && env[store.databaseVar], store?.defaultUser].filter((value): value is string => typeof value === "string");
      if (password !== undefined && password !== "" && (weak.has(password.toLowerCase()) || peers.includes(password) || password.length < 8)) {
        const key = store?.passwordVar && env[store.passwordVar] !== undefined ? store.passwordVar : "MYSQL_ROOT_PASSWORD";
        const written = envSettings(context).find((setting) => setting.service === view.name && setting.key === key);
        const typed = written?.interpolated === false ? written.at : undefined;
        report({ at: typed ?? envFileLine(context, view, key) ?? written?.at ?? context.locate(["services", view.name, "environment", key]), message: `${key} of "${view.name}" is weak (${peers.includes(password) ? "same as the user or database name" : password.length < 8 ? "shorter than 8 characters" : "a well-known default"})`, hint: "use a generated password, e.g. `openssl rand -hex 24`" });
      }
      if (/(^|\/)grafana\/grafana/.test(view.baseImage ?? "") && env["GF_SECURITY_ADMIN_PASSWORD"] === undefined && env["GF_SECURITY_ADMIN_PASSWORD__FILE"] === undefined) {
        report({ at: context.locate(["services", view.name]), message: `Grafana "${view.name}" keeps the default admin/admin login`, hint: "set GF_SECURITY_ADMIN_PASSWORD (or GF_SECURITY_ADMIN_PASSWORD__FILE)" });
      }
    }
  },
});

// A value from the service's env_file is reported on its line there; the last file that sets it wins, as in compose.
function envFileLine(context: CheckContext, view: ServiceView, key: string): Location | undefined {
  const paths = (view.service.env_file ?? []).map((ref) => (isAbsolute(ref.path) ? ref.path : join(context.dir, ref.path)));
  return paths.map((path) => context.envFiles.get(path)?.entries.filter((entry) => entry.key === key).at(-1)?.at).filter((at) => at !== undefined).at(-1);
}
