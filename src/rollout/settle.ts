import type { Project } from "../compose/model/project.js";
import { frontedBy } from "../edge/edge-services.js";
import { holderCacheMs } from "../edge/holder-script.js";

/**
 * How long old and new replicas serve side by side before the old one drains: long enough for a
 * proxy that caches DNS answers (nginx `resolver 127.0.0.11 valid=5s`) to learn the new address.
 * `BERTH_ROLLOUT_SETTLE_MS` tunes it.
 */
export function rolloutSettleMs(env: Readonly<Record<string, string | undefined>>): number {
  const configured = Number(env["BERTH_ROLLOUT_SETTLE_MS"]);
  return env["BERTH_ROLLOUT_SETTLE_MS"] !== undefined && Number.isFinite(configured) && configured >= 0 ? configured : 6000;
}

/**
 * How long old and new replicas of a service must serve side by side: as long as its clients may
 * keep sending to the old address only. When every client is a port holder, which re-resolves
 * within {@link holderCacheMs} and retries a refused connect on the next address, that is twice its
 * cache; otherwise the configured settle, an upper bound for proxies whose cache berth cannot see.
 */
export function settleFor(project: Project, service: string, configuredMs: number): { ms: number; why: string } {
  const clients = Object.values(project.services).filter((other) => other.depends_on?.[service] !== undefined);
  const held = clients.length > 0 && clients.every((client) => frontedBy(client) === service);
  return held ? { ms: Math.min(configuredMs, 2 * holderCacheMs), why: `its port holder re-resolves every ${holderCacheMs} ms` } : { ms: configuredMs, why: "while proxies re-resolve" };
}
