import { healthcheckLine } from "../helpers/service-facts.js";
import { defineRule } from "../rule.js";

// `-h`/`--host` with a host makes pg_isready use TCP; without it (or with a socket folder, `/...`) it asks the Unix socket.
const withHost = /(^|\s)(-h\s*|--host(=|\s+))["']?[^\s/"']/;

/** `pg_isready` without `-h` answers yes during initdb, when only the socket-only server runs. */
export const pgIsreadyWithoutHost = defineRule({
  id: "pg-isready-without-host",
  group: "cross-file",
  severity: "warning",
  title: "pg_isready without -h passes during initdb",
  doc: {
    why: "On the first start the postgres image's entrypoint runs a temporary server that listens on the Unix socket only, to run initdb scripts, then stops it and starts the real one. `pg_isready` without `-h` asks that socket: the service turns healthy while init scripts still run, and dependents that connect over TCP get \"connection refused\" (or a database without its schema).",
    example: "db:\n  image: postgres:16\n  healthcheck:\n    test: [\"CMD-SHELL\", \"pg_isready -U app\"]",
    fix: "Probe over TCP: `pg_isready -h 127.0.0.1 -U app -d app` (the temporary server does not listen there).",
  },
  check(context, report) {
    for (const view of context.services) {
      const line = healthcheckLine(view.service);
      if (line === undefined || !/\bpg_isready\b/.test(line)) continue;
      const commands = line.split(/&&|\|\||;|\|/).filter((command) => /\bpg_isready\b/.test(command));
      if (commands.every((command) => withHost.test(command))) continue;
      report({ at: context.locate(["services", view.name, "healthcheck", "test"]), message: `healthcheck of "${view.name}" runs pg_isready without -h: it answers through the Unix socket, which is ready during initdb, before postgres listens on TCP`, hint: "add -h 127.0.0.1 (e.g. `pg_isready -h 127.0.0.1 -U $$POSTGRES_USER`)" });
    }
  },
});
