import { allDirectives, proxyDirectives, proxyTargets } from "../helpers/nginx-facts.js";
import { knownHostnames } from "../helpers/service-facts.js";
import { defineRule } from "../rule.js";

export const proxyUpstreamUnknown = defineRule({
  id: "proxy-upstream-unknown",
  group: "cross-file",
  severity: "error",
  title: "nginx proxies to a host that is not a service",
  doc: {
    why: "nginx resolves `proxy_pass` hosts at start and exits with \"host not found in upstream\" when the name is not a compose service (a typo, a renamed service, or `localhost`, which inside the nginx container is nginx itself).",
    example: "location /api/ { proxy_pass http://api-server:8000; }   # the service is called backend",
    fix: "Use the compose service name of the backend (`proxy_pass http://backend:8000;`).",
  },
  check(context, report) {
    const hosts = knownHostnames(context);
    for (const placed of allDirectives(context.nginx).filter((candidate) => proxyDirectives.has(candidate.directive.name))) {
      for (const target of proxyTargets(placed.config, placed)) {
        if (target.host.includes(".") && target.host !== "127.0.0.1") continue;
        const local = target.host === "localhost" || target.host === "127.0.0.1";
        if (!local && hosts.has(target.host)) continue;
        const message = local ? `${placed.directive.name} to ${target.host} reaches the nginx container itself, not another service` : `${placed.directive.name} to "${target.host}", which is not a service of this project`;
        report({ at: target.at.at, message, hint: `use a service name: ${[...hosts].filter((host) => host !== placed.config.service).slice(0, 6).join(", ")}` });
      }
    }
  },
});
