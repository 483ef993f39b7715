import { allDirectives, proxyDirectives, proxyTargets } from "../helpers/nginx-facts.js";
import { isLoopback, publishedPorts, serviceByHost } from "../helpers/service-facts.js";
import { defineRule } from "../rule.js";

export const upstreamBypassesProxy = defineRule({
  id: "upstream-bypasses-proxy",
  group: "cross-file",
  severity: "warning",
  title: "Proxied service also published directly",
  doc: {
    why: "A backend behind nginx that also publishes its port on all interfaces can be reached around the proxy: no TLS, no rate limits, no security headers, no auth that nginx adds.",
    example: "nginx: proxy_pass http://backend:8000;\nbackend:\n  ports: [\"8000:8000\"]",
    fix: "Drop the backend's `ports:` (nginx reaches it on the network), or bind it to 127.0.0.1 for local debugging.",
  },
  check(context, report) {
    const reported = new Set<string>();
    for (const placed of allDirectives(context.nginx).filter((candidate) => proxyDirectives.has(candidate.directive.name))) {
      for (const target of proxyTargets(placed.config, placed)) {
        const backend = serviceByHost(context, target.host);
        if (!backend || backend.name === placed.config.service || reported.has(backend.name)) continue;
        const exposed = publishedPorts(backend.service).find((port) => !isLoopback(port.hostIp));
        if (!exposed) continue;
        reported.add(backend.name);
        report({ at: context.locate(["services", backend.name, "ports", exposed.index]), message: `"${backend.name}" is proxied by "${placed.config.service}" but also publishes port ${exposed.published} on all interfaces`, hint: "remove the ports mapping, or bind it to 127.0.0.1" });
      }
    }
  },
});
