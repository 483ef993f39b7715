import { allDirectives, contextName } from "../helpers/nginx-facts.js";
import { defineRule } from "../rule.js";

/** Where core directives may appear (nginx docs, "Context:" line of each directive). */
const allowedContexts: Readonly<Record<string, readonly string[]>> = {
  events: ["main"], http: ["main"], stream: ["main"], worker_processes: ["main"], user: ["main"], pid: ["main"],
  worker_rlimit_nofile: ["main"], load_module: ["main"], daemon: ["main"],
  worker_connections: ["events"], multi_accept: ["events"], use: ["events"],
  server: ["http", "upstream", "stream"], upstream: ["http", "stream"], map: ["http", "stream"],
  location: ["server", "location"], listen: ["server"], server_name: ["server"],
  proxy_pass: ["location", "if", "limit_except", "server"],
  gzip: ["http", "server", "location", "if"], sendfile: ["http", "server", "location", "if"],
};

export const nginxDirectiveContext = defineRule({
  id: "nginx-directive-context",
  group: "nginx",
  severity: "error",
  title: "nginx directive in the wrong context",
  doc: {
    why: "nginx rejects a directive outside its context (\"\\\"server\\\" directive is not allowed here\"). Typical: a server-block file mounted as `/etc/nginx/nginx.conf` (which must hold `events {}` and `http {}`), or `worker_connections` written in a conf.d file.",
    example: "volumes:\n  - ./default.conf:/etc/nginx/nginx.conf   # the file starts with server {",
    fix: "Mount server-block files into `/etc/nginx/conf.d/`, and keep `worker_*`/`events` in the main nginx.conf.",
  },
  check(context, report) {
    for (const placed of allDirectives(context.nginx)) {
      const allowed = allowedContexts[placed.directive.name];
      const where = contextName(placed);
      if (!allowed || allowed.includes(where)) continue;
      const mountedAsMain = where === "main" && placed.config.containerPath === "/etc/nginx/nginx.conf" ? " (this file is mounted as the main nginx.conf)" : "";
      report({ at: placed.directive.at, message: `"${placed.directive.name}" is not allowed in the ${where} context${mountedAsMain}`, hint: mountedAsMain ? "mount server blocks into /etc/nginx/conf.d/ instead" : `move it into a ${allowed.join(" or ")} block` });
    }
    for (const config of context.nginx.filter((candidate) => candidate.context === "main")) {
      if (config.directives.some((directive) => directive.name === "events")) continue;
      report({ at: { file: config.file.path, line: 1, column: 1 }, message: "the main nginx.conf has no events {} section; nginx will not start", hint: "add `events {}` and wrap server blocks in `http {}`" });
    }
  },
});
