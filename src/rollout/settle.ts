import type { Project, Service } from "../compose/model/project.js";
import type { Engine } from "../deploy/engine-port.js";
import { frontedBy } from "../edge/edge-services.js";
import { holderCacheMs } from "../edge/holder-script.js";
import { composeLabel } from "../engine/labels.js";
import { nginxCacheOf, type ProxyCache } from "./proxy-cache.js";
import { clockOffsetOf, gridWaitMs, widestGrid, type SecondGrid } from "./second-grid.js";

/**
 * The upper bound on how long old and new replicas serve side by side before the old one drains:
 * long enough for a proxy that caches DNS answers to learn the new address when berth cannot read
 * how long it caches. `BERTH_ROLLOUT_SETTLE_MS` tunes it.
 */
export function rolloutSettleMs(env: Readonly<Record<string, string | undefined>>): number {
  const configured = Number(env["BERTH_ROLLOUT_SETTLE_MS"]);
  return env["BERTH_ROLLOUT_SETTLE_MS"] !== undefined && Number.isFinite(configured) && configured >= 0 ? configured : 6000;
}

export interface Settle {
  /** The longest both may have to serve: the bound when the join time is not known. */
  readonly ms: number;
  readonly why: string;
  /** When the slowest client is an nginx whose clock berth read: its answers run out on whole seconds. */
  readonly grid?: SecondGrid | undefined;
  /** With a grid: the longest wait of the other clients, which the grid's wait cannot shorten. */
  readonly othersMs?: number | undefined;
}

/**
 * Pure: how long both serve once the successor joined at `joinedAtMs`: the slowest nginx's
 * answers run out on its next whole second but one (second-grid.ts), never later than the bound,
 * never sooner than the other clients need.
 */
export function settleAfterJoin(settle: Settle, joinedAtMs: number): number {
  if (!settle.grid) return settle.ms;
  return Math.min(settle.ms, Math.max(settle.othersMs ?? 0, gridWaitMs(settle.grid, joinedAtMs)));
}

/** The services that declare they depend on `service`: those that send it traffic. */
function clientsOf(project: Project, service: string): Service[] {
  return Object.values(project.services).filter((other) => other.depends_on?.[service] !== undefined);
}

/**
 * How long old and new replicas of a service must serve side by side, from what the clients'
 * running containers say: each client (a service that depends on it) may keep sending to the old
 * address for as long as it caches DNS answers. A port holder: twice its 250 ms cache; an nginx:
 * its `resolver valid=` plus a second, read from the running proxy's `nginx -T` (nginx-cache.ts);
 * a client with no running container sends nothing. Anything else (an app, a proxy berth cannot
 * read, a static upstream) leaves the configured upper bound, which also caps the result.
 */
export async function observeSettle(engine: Engine, project: Project, service: string, configuredMs: number): Promise<Settle> {
  if (configuredMs === 0) return { ms: 0, why: "(BERTH_ROLLOUT_SETTLE_MS=0)" };
  const clients = clientsOf(project, service);
  if (clients.length === 0) return { ms: configuredMs, why: "no service declares it depends on it (its callers are unknown)" };
  const caches = await Promise.all(clients.map((client) => clientCache(engine, project, client, service)));
  const unknown = caches.find((cache): cache is Extract<ProxyCache, { kind: "unknown" }> => cache.kind === "unknown");
  if (unknown) return { ms: configuredMs, why: `while proxies re-resolve (${unknown.why})` };
  const cached = caches as Extract<ProxyCache, { kind: "cached" }>[];
  const longest = cached.reduce((a, b) => (b.ms > a.ms ? b : a));
  if (longest.ms >= configuredMs) return { ms: configuredMs, why: `while proxies re-resolve (${longest.why}; capped)` };
  if (!longest.grid) return { ms: longest.ms, why: `while ${longest.why}` };
  // Clients as slow as the slowest, all with a grid, share it; any other client keeps its full wait.
  const gridded = cached.filter((c) => c.grid !== undefined && c.ms === longest.ms);
  const othersMs = Math.max(0, ...cached.filter((c) => !gridded.includes(c)).map((c) => c.ms));
  return { ms: longest.ms, why: `while ${longest.why}`, grid: widestGrid(gridded.map((c) => c.grid as SecondGrid)), othersMs };
}

async function clientCache(engine: Engine, project: Project, client: Service, service: string): Promise<ProxyCache> {
  if (frontedBy(client) === service) return { kind: "cached", ms: 2 * holderCacheMs, why: `its port holder re-resolves every ${holderCacheMs} ms` };
  const running = await engine.listContainers({ labels: { [composeLabel.project]: project.name, [composeLabel.service]: client.name }, includeStopped: false });
  if (running.length === 0) return { kind: "cached", ms: 0, why: `${client.name} has no running container` };
  const caches = await Promise.all(running.map((container) => readNginxCache(engine, container.id, client.name, service)));
  const unknown = caches.find((cache) => cache.kind === "unknown");
  if (unknown) return unknown;
  const cached = caches as Extract<ProxyCache, { kind: "cached" }>[];
  const longest = cached.reduce((a, b) => (b.ms > a.ms ? b : a));
  // The grid holds for the client only when every one of its containers' clocks was read.
  const grid = cached.every((c) => c.grid) ? widestGrid(cached.map((c) => c.grid as SecondGrid)) : undefined;
  return { ...longest, grid };
}

/** The running nginx's whole configuration (`nginx -T`), read for how long it keeps `service`'s address. */
async function readNginxCache(engine: Engine, containerId: string, client: string, service: string): Promise<ProxyCache> {
  const [dump, offset] = await Promise.all([engine.exec(containerId, { command: ["nginx", "-T"], timeoutMs: 5_000 }).catch(() => undefined), readClockOffset(engine, containerId)]);
  if (!dump || dump.exitCode !== 0 || dump.stdout.trim() === "") return { kind: "unknown", why: `${client} is not an nginx berth can read` };
  const cache = nginxCacheOf(dump.stdout, [service]);
  if (cache.kind === "unknown") return { kind: "unknown", why: `${client}: ${cache.why}` };
  return { kind: "cached", ms: cache.ms, why: `${client}'s ${cache.why}`, grid: offset ? { validSeconds: cache.validSeconds, offsetMs: offset } : undefined };
}

/** The proxy container's clock against this process's: undefined when it cannot be read to the millisecond. */
async function readClockOffset(engine: Engine, containerId: string): Promise<SecondGrid["offsetMs"] | undefined> {
  const before = Date.now();
  const read = await engine.exec(containerId, { command: ["date", "+%s%N"], timeoutMs: 5_000 }).catch(() => undefined);
  const after = Date.now();
  return read && read.exitCode === 0 ? clockOffsetOf(read.stdout, before, after) : undefined;
}
