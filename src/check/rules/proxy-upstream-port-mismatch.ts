import { allDirectives, proxyDirectives, proxyTargets } from "../helpers/nginx-facts.js";
import { listeningPorts } from "../helpers/listening-ports.js";
import { serviceByHost } from "../helpers/service-facts.js";
import { defineRule } from "../rule.js";

export const proxyUpstreamPortMismatch = defineRule({
  id: "proxy-upstream-port-mismatch",
  group: "cross-file",
  severity: "error",
  title: "nginx proxies to a port the backend does not listen on",
  doc: {
    why: "When the backend's port changes (a `PORT` variable, EXPOSE, the framework default) and nginx still says `proxy_pass http://backend:8765`, every request gets 502 Bad Gateway while all containers look healthy.",
    example: "proxy_pass http://backend:8765;\n# backend: environment PORT=3000, EXPOSE 3000",
    fix: "Point nginx at the port the backend listens on, and keep the number in one place (e.g. an nginx template with `${BACKEND_PORT}`).",
  },
  check(context, report) {
    for (const placed of allDirectives(context.nginx).filter((candidate) => proxyDirectives.has(candidate.directive.name))) {
      for (const target of proxyTargets(placed.config, placed)) {
        const backend = serviceByHost(context, target.host);
        const listening = backend ? listeningPorts(backend) : new Set<number>();
        if (!backend || target.port === undefined || listening.size === 0 || listening.has(target.port)) continue;
        report({ at: target.at.at, message: `nginx sends to ${target.host}:${target.port}, but "${backend.name}" listens on ${[...listening].join(", ")}`, hint: `use ${target.host}:${[...listening][0]}` });
      }
    }
  },
});
