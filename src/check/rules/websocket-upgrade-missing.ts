import { allDirectives, childrenNamed, proxyDirectives, type PlacedDirective } from "../helpers/nginx-facts.js";
import type { NginxDirective } from "../sources/nginx.js";
import { defineRule } from "../rule.js";

const websocketPath = /(socket\.io|\/ws\b|websocket|\/cable\b|\/hub\b|\/sockjs|graphql-ws|\/live\b)/i;

/** proxy_set_header names in effect for a location: nginx inherits them only from the nearest level that sets any. */
export function effectiveProxyHeaders(chain: readonly NginxDirective[]): Set<string> {
  for (const block of [...chain].reverse()) {
    const headers = childrenNamed(block.block, "proxy_set_header");
    if (headers.length > 0) return new Set(headers.map((header) => (header.args[0] ?? "").toLowerCase()));
  }
  return new Set();
}

const httpVersion = (chain: readonly NginxDirective[]) =>
  [...chain].reverse().map((block) => childrenNamed(block.block, "proxy_http_version")[0]?.args[0]).find((value) => value !== undefined);

export const websocketUpgradeMissing = defineRule({
  id: "websocket-upgrade-missing",
  group: "nginx",
  severity: "error",
  title: "WebSocket location without Upgrade headers",
  doc: {
    why: "nginx speaks HTTP/1.0 to upstreams and drops hop-by-hop headers: without `proxy_http_version 1.1` and the `Upgrade`/`Connection` headers, the WebSocket handshake never reaches the backend, and Socket.IO falls back to polling or fails (\"WebSocket connection failed\").",
    example: "location /socket.io/ {\n  proxy_pass http://backend:8765;\n}",
    fix: "Add `proxy_http_version 1.1; proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection \"upgrade\";` to the location.",
  },
  check(context, report) {
    for (const placed of allDirectives(context.nginx).filter(isWebsocketLocation)) {
      const proxy = placed.directive.block?.find((directive) => proxyDirectives.has(directive.name) && directive.name === "proxy_pass");
      if (!proxy) continue;
      const chain = [...placed.parents, placed.directive];
      const headers = effectiveProxyHeaders(chain);
      const missing = [httpVersion(chain) === "1.1" ? "" : "proxy_http_version 1.1", headers.has("upgrade") ? "" : "Upgrade header", headers.has("connection") ? "" : "Connection header"].filter(Boolean);
      if (missing.length === 0) continue;
      report({ at: placed.directive.at, message: `WebSocket location ${placed.directive.args.join(" ")} lacks ${missing.join(", ")}`, hint: 'add `proxy_http_version 1.1; proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection "upgrade";`' });
    }
  },
});

const isWebsocketLocation = (placed: PlacedDirective) => placed.directive.name === "location" && websocketPath.test(placed.directive.args.join(" "));
