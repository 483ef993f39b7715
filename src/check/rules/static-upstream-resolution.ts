import { allDirectives, proxyDirectives, proxyTargets, type PlacedDirective } from "../helpers/nginx-facts.js";
import { knownHostnames } from "../helpers/service-facts.js";
import { defineRule } from "../rule.js";

export const staticUpstreamResolution = defineRule({
  id: "static-upstream-resolution",
  group: "nginx",
  severity: "warning",
  title: "Upstream hostname resolved only once, at nginx start",
  doc: {
    why: "nginx resolves a literal `proxy_pass http://backend:8765` once at start-up: if `backend` is not up yet nginx exits (\"host not found in upstream\"), and when `backend` is recreated with a new IP nginx keeps sending to the old one (502 until nginx restarts). Rolling deploys hit this every time. A `resolver` without `valid=` is nearly as bad: Docker's DNS answers with a 600 s TTL, so nginx keeps an old address for ten minutes.",
    example: "location /api/ {\n  proxy_pass http://backend:8765;\n}",
    fix: "Use Docker's resolver and a variable: `resolver 127.0.0.11 valid=10s; set $backend http://backend:8765; proxy_pass $backend;` (or `upstream { server backend:8765 resolve; }` on nginx >= 1.27.3).",
  },
  check(context, report) {
    const services = knownHostnames(context);
    for (const placed of allDirectives(context.nginx).filter((candidate) => proxyDirectives.has(candidate.directive.name))) {
      if (hasResolver(placed)) continue;
      // depends_on with restart: true makes compose restart the proxy whenever the upstream is recreated.
      const restarted = context.project.services[placed.config.service]?.depends_on ?? {};
      const hosts = proxyTargets(placed.config, placed).filter((target) => services.has(target.host) && !target.at.args.includes("resolve") && restarted[target.host]?.restart !== true);
      if (hosts.length === 0) continue;
      report({ at: placed.directive.at, message: `${placed.directive.name} to "${hosts[0]!.host}" is resolved once at start; a recreated container gets a new IP`, hint: "add `resolver 127.0.0.11 valid=10s;` and proxy through a variable (`set $upstream http://host:port; proxy_pass $upstream;`)" });
    }
    for (const placed of allDirectives(context.nginx).filter((candidate) => candidate.directive.name === "resolver" && cachesTooLong(candidate))) {
      report({ at: placed.directive.at, message: "resolver without valid= keeps Docker's DNS answers for their 600 s TTL: a replaced container's old address is used for up to ten minutes", hint: "add `valid=5s` (at most the settle time of a rolling update, see docs/rollout.md)" });
    }
  },
});

// Docker's embedded DNS (127.0.0.11) answers with TTL 600; nginx honours it unless valid= is set.
const cachesTooLong = (placed: PlacedDirective) => placed.directive.args.includes("127.0.0.11") && !placed.directive.args.some((arg) => arg.startsWith("valid="));

// A resolver only helps when the target is a variable; a literal host is still resolved at start.
const hasResolver = (placed: PlacedDirective) =>
  (placed.directive.args[0] ?? "").includes("$") && placed.parents.some((parent) => parent.block?.some((directive) => directive.name === "resolver"));
