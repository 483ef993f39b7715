import { parseNginx, walkNginx } from "../check/sources/nginx.js";

/** A location that proxies websockets, with the line of `nginx -T` output it is on. */
export interface WebsocketLocation {
  readonly path: string;
  readonly line: number;
}

const websocketPath = /socket\.io|(^|\/)ws(\/|$)|websocket/i;

/**
 * Locations that carry websockets: those whose path says so (`/socket.io/`, `/ws`) and those that
 * forward an Upgrade header. Path-named ones count even without the header: that is exactly the
 * mistake the probe must catch.
 */
export function nginxWebsocketLocations(config: string): WebsocketLocation[] {
  const found = new Map<string, number>();
  walkNginx(parseNginx("nginx -T", config).directives, (directive) => {
    if (directive.name !== "location") return;
    const path = directive.args.at(-1) ?? "";
    if (!path.startsWith("/")) return;
    const upgrades = (directive.block ?? []).some((child) => child.name === "proxy_set_header" && child.args[0]?.toLowerCase() === "upgrade");
    if ((upgrades || websocketPath.test(path)) && !found.has(path)) found.set(path, directive.at.line);
  });
  return [...found].map(([path, line]) => ({ path, line }));
}
