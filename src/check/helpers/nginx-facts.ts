import type { NginxConfig } from "../context.js";
import { walkNginx, type NginxDirective } from "../sources/nginx.js";

/** A directive with the blocks around it and the config it was loaded from. */
export interface PlacedDirective {
  readonly directive: NginxDirective;
  readonly parents: readonly NginxDirective[];
  readonly config: NginxConfig;
}

/** Every directive of every nginx config, depth first. */
export function allDirectives(configs: readonly NginxConfig[]): PlacedDirective[] {
  return configs.flatMap(directivesOf);
}

// Walked once per config: several rules and every proxy_pass lookup need the flat list.
const placedCache = new WeakMap<NginxConfig, PlacedDirective[]>();

function directivesOf(config: NginxConfig): PlacedDirective[] {
  const cached = placedCache.get(config);
  if (cached) return cached;
  const placed: PlacedDirective[] = [];
  walkNginx(config.directives, (directive, parents) => placed.push({ directive, parents, config }));
  placedCache.set(config, placed);
  return placed;
}

/** The context nginx parses a directive in: `main`, `http`, `events`, `server`, `location`, ... */
export function contextName(placed: PlacedDirective): string {
  const parent = placed.parents.at(-1);
  return parent ? parent.name : placed.config.context;
}

/** Direct children of a block with the given name. */
export const childrenNamed = (block: readonly NginxDirective[] | undefined, name: string): NginxDirective[] =>
  (block ?? []).filter((directive) => directive.name === name);

/** `proxy_pass` target parsed into host and port; undefined for variables and unix sockets. */
export function proxyTarget(value: string): { host: string; port: number | undefined; scheme: string } | undefined {
  const match = /^(https?|grpc|uwsgi|fastcgi)?:?\/?\/?([A-Za-z0-9_.-]+)(?::(\d+))?/.exec(value);
  if (!match || value.startsWith("unix:") || value.includes("$")) return undefined;
  return { scheme: match[1] ?? "http", host: match[2] ?? "", port: match[3] === undefined ? undefined : Number(match[3]) };
}

/** Proxy targets with their upstream blocks resolved: `proxy_pass http://app` → servers of `upstream app`. */
export function proxyTargets(config: NginxConfig, placed: PlacedDirective): { host: string; port: number | undefined; at: NginxDirective }[] {
  const target = proxyTarget(substituteSetVariables(placed.directive.args[0] ?? "", placed.parents));
  if (!target) return [];
  const upstream = directivesOf(config).find((candidate) => candidate.directive.name === "upstream" && candidate.directive.args[0] === target.host);
  if (!upstream) return [{ host: target.host, port: target.port ?? defaultPort(placed.directive.name, target.scheme), at: placed.directive }];
  return childrenNamed(upstream.directive.block, "server").flatMap((server) => {
    const parsed = proxyTarget(server.args[0] ?? "");
    return parsed ? [{ host: parsed.host, port: parsed.port ?? 80, at: server }] : [];
  });
}

const defaultPort = (directive: string, scheme: string) => (directive === "proxy_pass" ? (scheme === "https" ? 443 : 80) : undefined);

export const proxyDirectives = new Set(["proxy_pass", "uwsgi_pass", "fastcgi_pass", "grpc_pass"]);

/** Replaces `$name` with the value of a `set $name value;` in an enclosing block (the resolver idiom). */
export function substituteSetVariables(value: string, parents: readonly NginxDirective[]): string {
  return value.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (whole, name: string) => {
    const set = [...parents].reverse().flatMap((parent) => childrenNamed(parent.block, "set")).find((directive) => directive.args[0] === `$${name}`);
    const replacement = set?.args[1];
    return replacement === undefined || replacement.includes("$") ? whole : replacement;
  });
}
