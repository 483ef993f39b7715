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

/** What a location needs to pass a websocket upgrade on, and which of it is missing. */
export interface UpgradeGap {
  readonly location: string;
  readonly line: number;
  readonly missing: readonly string[];
}

/**
 * The location nginx would pick for `path` (longest matching prefix) and the directives it lacks
 * to forward an upgrade; undefined when no prefix location matches.
 */
export function upgradeGap(config: string, path: string): UpgradeGap | undefined {
  const locations: { prefix: string; line: number; children: readonly { name: string; args: readonly string[] }[] }[] = [];
  walkNginx(parseNginx("nginx -T", config).directives, (directive) => {
    const prefix = directive.args.at(-1) ?? "";
    if (directive.name === "location" && prefix.startsWith("/") && directive.args.length === 1 && path.startsWith(prefix)) locations.push({ prefix, line: directive.at.line, children: directive.block ?? [] });
  });
  const chosen = locations.sort((a, b) => b.prefix.length - a.prefix.length)[0];
  if (chosen === undefined) return undefined;
  const header = (name: string) => chosen.children.some((c) => c.name === "proxy_set_header" && c.args[0]?.toLowerCase() === name);
  const missing = [
    ...(chosen.children.some((c) => c.name === "proxy_http_version" && c.args[0] === "1.1") ? [] : ["proxy_http_version 1.1"]),
    ...(header("upgrade") ? [] : ["proxy_set_header Upgrade $http_upgrade"]),
    ...(header("connection") ? [] : ['proxy_set_header Connection "upgrade"']),
  ];
  return { location: chosen.prefix, line: chosen.line, missing };
}
