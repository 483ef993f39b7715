import { allDirectives, childrenNamed } from "../helpers/nginx-facts.js";
import { defineRule } from "../rule.js";

const important = ["host", "x-forwarded-for", "x-forwarded-proto", "x-real-ip"];

export const proxyHeaderDropped = defineRule({
  id: "proxy-header-dropped",
  group: "nginx",
  severity: "warning",
  title: "Nested proxy_set_header drops Host and X-Forwarded-*",
  doc: {
    why: "Like `add_header`, `proxy_set_header` is inherited only when a block sets none itself. Adding `Upgrade` in the WebSocket location drops the server's `Host` and `X-Forwarded-*`: the backend sees the upstream name as host and the proxy as client (broken redirects, CORS, rate limits).",
    example: "server {\n  proxy_set_header Host $host;\n  location /ws {\n    proxy_set_header Upgrade $http_upgrade;\n  }\n}",
    fix: "Repeat the parent's `proxy_set_header` lines in the location (or include a shared snippet).",
  },
  check(context, report) {
    for (const placed of allDirectives(context.nginx).filter((candidate) => candidate.directive.name === "location")) {
      const own = childrenNamed(placed.directive.block, "proxy_set_header");
      if (own.length === 0) continue;
      const inherited = [...placed.parents].reverse().map((parent) => childrenNamed(parent.block, "proxy_set_header")).find((headers) => headers.length > 0) ?? [];
      const ownNames = new Set(own.map((header) => (header.args[0] ?? "").toLowerCase()));
      const dropped = inherited.map((header) => header.args[0] ?? "").filter((name) => important.includes(name.toLowerCase()) && !ownNames.has(name.toLowerCase()));
      if (dropped.length === 0) continue;
      report({ at: own[0]!.at, message: `proxy_set_header here drops the inherited ${dropped.join(", ")} for location ${placed.directive.args.join(" ")}`, hint: "repeat the parent's proxy_set_header lines in this location" });
    }
  },
});
