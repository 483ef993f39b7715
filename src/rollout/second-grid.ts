import { dnsAnswerMs } from "./proxy-cache.js";

/**
 * nginx keeps a DNS answer while its clock's whole second is at most the second the answer came
 * in plus `valid=` (ngx_time() counts whole seconds): an answer that arrived at 12.7 s with
 * valid=1s is used up to 13.999 s and asked again from 14.0 s. So every answer that named only
 * the old replica runs out on a whole second of the proxy's clock, at most valid= + 1 s after the
 * successor joined, often sooner. The proxy's clock is read from its container beside this
 * process's own, which gives the offset within the time the read took.
 */
export interface SecondGrid {
  /** The longest `valid=` of the proxy's resolvers, in whole seconds. */
  readonly validSeconds: number;
  /** Proxy clock minus this process's clock, in ms: somewhere between lo and hi. */
  readonly offsetMs: { readonly lo: number; readonly hi: number };
}

/** Added after the whole second: nginx updates its clock once per event loop turn, not per request. */
export const clockMarginMs = 100;

/**
 * Pure: how long after `joinedAtMs` (this process's clock) the last answer naming only the old
 * replica has run out in the proxy, taking the offset's worst case and an answer still on its way
 * when the successor joined ({@link dnsAnswerMs}).
 */
export function gridWaitMs(grid: SecondGrid, joinedAtMs: number): number {
  const lastAnswerOnProxyClock = joinedAtMs + grid.offsetMs.hi + dnsAnswerMs;
  const runsOut = (Math.floor(lastAnswerOnProxyClock / 1000) + grid.validSeconds + 1) * 1000 + clockMarginMs;
  return Math.max(0, Math.ceil(runsOut - (joinedAtMs + grid.offsetMs.lo)));
}

/**
 * Pure: the offset from `date +%s%N` printed in the proxy between `beforeMs` and `afterMs` of this
 * process's clock; undefined when the output is not nanoseconds (busybox prints `%N` as is).
 */
export function clockOffsetOf(stdout: string, beforeMs: number, afterMs: number): SecondGrid["offsetMs"] | undefined {
  const text = stdout.trim();
  if (!/^\d{18,20}$/.test(text)) return undefined;
  const proxyMs = Number(BigInt(text) / 1_000_000n);
  return { lo: proxyMs - afterMs, hi: proxyMs - beforeMs };
}

/** Pure: one grid for several proxy containers: the longest valid=, and offsets wide enough for each. */
export function widestGrid(grids: readonly SecondGrid[]): SecondGrid | undefined {
  if (grids.length === 0) return undefined;
  return {
    validSeconds: Math.max(...grids.map((g) => g.validSeconds)),
    offsetMs: { lo: Math.min(...grids.map((g) => g.offsetMs.lo)), hi: Math.max(...grids.map((g) => g.offsetMs.hi)) },
  };
}
