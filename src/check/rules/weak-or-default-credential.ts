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
    why: "A password equal to the user or database name, or a well-known default (`postgres`, `admin`, `password`), is the first thing scanners try; Grafana without `GF_SECURITY_ADMIN_PASSWORD` starts as admin/admin, and one set to its own name (`grafana`) is as guessable.",
    example: "POSTGRES_USER: autopack\nPOSTGRES_PASSWORD: autopack\nPOSTGRES_DB: autopack",
    fix: "Use a generated password (`openssl rand -hex 24`) from an env file or a secret.",
  },
  check(context, report) {
    for (const view of context.services) {
      const env = environmentOf(view.service);
      const store = view.datastore;
      const password = store?.passwordVar === undefined ? undefined : env[store.passwordVar] ?? env["MYSQL_ROOT_PASSWORD"];
      const peers = [store?.userVar && env[store.userVar], store?.databaseVar && env[store.databaseVar], store?.defaultUser].filter((value): value is string => typeof value === "string");
      const why = password === undefined ? undefined : weakness(password, peers);
      if (why) {
        const key = store?.passwordVar && env[store.passwordVar] !== undefined ? store.passwordVar : "MYSQL_ROOT_PASSWORD";
        report({ at: passwordAt(context, view, key), message: `${key} of "${view.name}" is weak (${why})`, hint: "use a generated password, e.g. `openssl rand -hex 24`" });
      }
      if (/(^|\/)grafana\/grafana/.test(view.baseImage ?? "")) {
        const admin = env["GF_SECURITY_ADMIN_PASSWORD"];
        if (admin === undefined && env["GF_SECURITY_ADMIN_PASSWORD__FILE"] === undefined) {
          report({ at: context.locate(["services", view.name]), message: `Grafana "${view.name}" keeps the default admin/admin login`, hint: "set GF_SECURITY_ADMIN_PASSWORD (or GF_SECURITY_ADMIN_PASSWORD__FILE)" });
        }
        // `GF_SECURITY_ADMIN_PASSWORD=grafana` (awesome-compose's prometheus-grafana): the name of the product.
        const adminWhy = admin === undefined ? undefined : weakness(admin, ["grafana", view.name, env["GF_SECURITY_ADMIN_USER"] ?? "admin"], "the user, service or product name");
        if (adminWhy) report({ at: passwordAt(context, view, "GF_SECURITY_ADMIN_PASSWORD"), message: `GF_SECURITY_ADMIN_PASSWORD of "${view.name}" is weak (${adminWhy})`, hint: "use a generated password, e.g. `openssl rand -hex 24`" });
      }
    }
  },
});

/** Why a password is weak, or undefined when it is not (an empty one is another rule's finding). */
function weakness(password: string, peers: readonly string[], peersAre = "the user or database name"): string | undefined {
  if (password === "") return undefined;
  if (peers.includes(password)) return `same as ${peersAre}`;
  if (password.length < 8) return "shorter than 8 characters";
  return weak.has(password.toLowerCase()) ? "a well-known default" : undefined;
}

/** Where the password is written: as typed in the compose file, else its env_file line, else where it was set. */
function passwordAt(context: CheckContext, view: ServiceView, key: string): Location {
  const written = envSettings(context).find((setting) => setting.service === view.name && setting.key === key);
  const typed = written?.interpolated === false ? written.at : undefined;
  return typed ?? envFileLine(context, view, key) ?? written?.at ?? context.locate(["services", view.name, "environment", key]);
}

// A value from the service's env_file is reported on its line there; the last file that sets it wins, as in compose.
function envFileLine(context: CheckContext, view: ServiceView, key: string): Location | undefined {
  const paths = (view.service.env_file ?? []).map((ref) => (isAbsolute(ref.path) ? ref.path : join(context.dir, ref.path)));
  return paths.map((path) => context.envFiles.get(path)?.entries.filter((entry) => entry.key === key).at(-1)?.at).filter((at) => at !== undefined).at(-1);
}
