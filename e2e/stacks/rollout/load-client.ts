/**
 * A bounded open-loop HTTP load: `rate` requests per second for `seconds`, each with its own
 * timeout, fired on schedule whether or not earlier ones answered (as real users do). Reports
 * failures, the longest gap between two successful responses, and the versions seen. Once
 * `stop` aborts no further request is sent (`sent` counts those that were).
 */
export interface LoadReport {
  readonly sent: number;
  readonly ok: number;
  readonly failed: number;
  readonly failures: readonly string[];
  /** Longest time between two consecutive successful responses, in ms. */
  readonly longestGapMs: number;
  /** Versions in the order they first answered. */
  readonly versions: readonly string[];
  /** When the longest gap ended, in ms since the load started (to set beside the update's steps). */
  readonly longestGapAtMs: number;
  /** Gaps between consecutive successes longer than 100 ms, each in ms, longest first. */
  readonly gapsOver100Ms: readonly number[];
  /** Answer times of the successful requests: median, 99th percentile and slowest, in ms. */
  readonly latencyMs: { readonly p50: number; readonly p99: number; readonly max: number };
}

export async function runLoad(url: string, rate = 50, seconds = 20, timeoutMs = 5000, stop?: AbortSignal): Promise<LoadReport> {
  const total = Math.min(rate * seconds, 5000);
  const started = performance.now();
  const successes: number[] = [];
  const latencies: number[] = [];
  const failures: string[] = [];
  const versions: string[] = [];
  const requests: Promise<void>[] = [];
  for (let i = 0; i < total && !stop?.aborted; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const sentAt = performance.now();
    requests.push(once(url, timeoutMs).then((result) => {
      if (typeof result === "string" && !result.startsWith("error")) {
        successes.push(performance.now());
        latencies.push(performance.now() - sentAt);
        if (!versions.includes(result)) versions.push(result);
      } else failures.push(`#${i}: ${String(result)}`);
    }));
  }
  await Promise.all(requests);
  const gaps = gapsOf(successes);
  const longest = gaps.reduce((a, b) => (b.ms > a.ms ? b : a), { ms: 0, endedAt: started });
  return {
    sent: requests.length,
    ok: successes.length,
    failed: failures.length,
    failures: failures.slice(0, 20),
    longestGapMs: Math.round(longest.ms),
    versions,
    longestGapAtMs: Math.round(longest.endedAt - started),
    gapsOver100Ms: gaps.filter((g) => g.ms > 100).map((g) => Math.round(g.ms)).sort((a, b) => b - a),
    latencyMs: { p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), max: percentile(latencies, 1) },
  };
}

async function once(url: string, timeoutMs: number): Promise<string> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    const body = await response.text();
    if (!response.ok) return `error: HTTP ${response.status}`;
    return (JSON.parse(body) as { version: string }).version;
  } catch (error) {
    return `error: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** Pure: each gap between consecutive successes, with the time it ended. */
export function gapsOf(times: readonly number[]): { ms: number; endedAt: number }[] {
  const sorted = [...times].sort((a, b) => a - b);
  const gaps: { ms: number; endedAt: number }[] = [];
  for (let i = 1; i < sorted.length; i++) gaps.push({ ms: (sorted[i] as number) - (sorted[i - 1] as number), endedAt: sorted[i] as number });
  return gaps;
}

/** Pure: the q-th quantile (nearest rank) of the values, rounded to ms; 0 for none. */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number);
}
