import { parseNginx, walkNginx, type NginxDirective } from "../check/sources/nginx.js";
import type { SecondGrid } from "./second-grid.js";

/**
 * How long a proxy may keep sending to a replaced container's address after the successor joined
 * discovery: `cached` with the longest time it keeps a DNS answer, or `unknown` (berth then waits
 * its configured upper bound) with why.
 */
export type ProxyCache = { readonly kind: "cached"; readonly ms: number; readonly why: string; readonly grid?: SecondGrid | undefined } | { readonly kind: "unknown"; readonly why: string };

/** An nginx's cache: its answers run out on whole seconds of its clock (second-grid.ts). */
export interface NginxCache {
  readonly kind: "cached";
  readonly ms: number;
  readonly why: string;
  readonly validSeconds: number;
}

/** Added to a cache time: the engine's DNS answer to a query sent just before the successor joined. */
export const dnsAnswerMs = 250;

const passDirectives = new Set(["proxy_pass", "fastcgi_pass", "uwsgi_pass", "scgi_pass", "grpc_pass", "memcached_pass"]);

/**
 * Pure: reads an nginx configuration (the running proxy's `nginx -T`) for how long it keeps the
 * address of any of `names`. A name reached through a variable is re-resolved with the `resolver`'s
 * `valid=`; nginx keeps an answer while `valid` whole seconds have not passed since it arrived
 * (its clock ticks in seconds), so up to one second more than `valid=`, counted from an answer that
 * may have been on its way when the successor joined ({@link dnsAnswerMs}). A literal `proxy_pass` or an
 * `upstream` server without `resolve` keeps the address it resolved at start for ever, and a
 * resolver without `valid=` keeps Docker's answers for their 600 s TTL: both are unknown here.
 */
export function nginxCacheOf(config: string, names: readonly string[]): NginxCache | Extract<ProxyCache, { kind: "unknown" }> {
  const { directives } = parseNginx("nginx -T", config);
  const upstreams = new Set<string>();
  walkNginx(directives, (d) => void (d.name === "upstream" && d.args[0] && upstreams.add(d.args[0])));
  const uses = references(directives, names, upstreams);
  const pinned = uses.find((use) => use.static);
  if (pinned) return { kind: "unknown", why: `nginx resolves ${pinned.name} once (${pinned.directive.name} at line ${pinned.directive.at.line})` };
  if (uses.length === 0) return { kind: "unknown", why: `no nginx directive names ${names.join(" or ")}` };
  const resolvers: NginxDirective[] = [];
  walkNginx(directives, (d) => void (d.name === "resolver" && resolvers.push(d)));
  if (resolvers.length === 0) return { kind: "unknown", why: "nginx has no resolver" };
  const valids = resolvers.map((r) => validSeconds(r.args));
  if (valids.some((v) => v === undefined)) return { kind: "unknown", why: "an nginx resolver without valid= keeps Docker's answers for 600 s" };
  const longest = Math.ceil(Math.max(...(valids as number[])));
  return { kind: "cached", ms: (longest + 1) * 1000 + dnsAnswerMs, why: `nginx re-resolves ${uses[0]!.name} within ${longest + 1} s (resolver valid=${longest}s)`, validSeconds: longest };
}

interface Reference {
  readonly name: string;
  readonly directive: NginxDirective;
  /** Resolved once at start rather than at request time. */
  readonly static: boolean;
}

function references(directives: readonly NginxDirective[], names: readonly string[], upstreams: ReadonlySet<string>): Reference[] {
  const found: Reference[] = [];
  walkNginx(directives, (directive, parents) => {
    const inUpstream = parents.some((p) => p.name === "upstream");
    const [first = "", ...rest] = directive.args;
    const { value, fixed } = targetOf(directive.name, inUpstream, first, rest);
    const name = value === undefined ? undefined : names.find((n) => namesHost(value, n));
    // proxy_pass http://backend where `upstream backend {}` exists: the upstream's servers decide.
    if (name === undefined || (passDirectives.has(directive.name) && upstreams.has(name))) return;
    found.push({ name, directive, static: fixed });
  });
  return found;
}

/** The host a directive sends to, and whether nginx resolves it once at start. */
function targetOf(name: string, inUpstream: boolean, first: string, rest: readonly string[]): { value?: string | undefined; fixed: boolean } {
  if (name === "server" && inUpstream) return { value: first, fixed: !rest.includes("resolve") };
  if (passDirectives.has(name)) return { value: first, fixed: !first.includes("$") };
  if (name === "set") return { value: rest[0], fixed: false };
  return { fixed: false };
}

/** `backend`, `backend:3000`, `http://backend:3000/api`: the host part is exactly the name. */
function namesHost(value: string, name: string): boolean {
  const host = value.replace(/^[a-z][a-z0-9+.-]*:\/\//i, "").replace(/^[^@/]*@/, "").split(/[:/]/)[0];
  return host === name;
}

const units: Readonly<Record<string, number>> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 };

/** `valid=5s`, `valid=1m30s`, `valid=30` (seconds) → seconds; undefined when absent or unreadable. */
export function validSeconds(args: readonly string[]): number | undefined {
  const value = args.find((arg) => arg.startsWith("valid="))?.slice("valid=".length);
  if (value === undefined || !/^(\d+(ms|s|m|h|d)?)+$/.test(value)) return undefined;
  let seconds = 0;
  for (const [, amount, unit] of value.matchAll(/(\d+)(ms|s|m|h|d)?/g)) seconds += Number(amount) * (units[unit ?? "s"] ?? 1);
  return seconds;
}
