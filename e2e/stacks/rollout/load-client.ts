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
}

export async function runLoad(url: string, rate = 50, seconds = 20, timeoutMs = 5000, stop?: AbortSignal): Promise<LoadReport> {
  const total = Math.min(rate * seconds, 5000);
  const started = performance.now();
  const successes: number[] = [];
  const failures: string[] = [];
  const versions: string[] = [];
  const requests: Promise<void>[] = [];
  for (let i = 0; i < total && !stop?.aborted; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    requests.push(once(url, timeoutMs).then((result) => {
      if (typeof result === "string" && !result.startsWith("error")) {
        successes.push(performance.now());
        if (!versions.includes(result)) versions.push(result);
      } else failures.push(`#${i}: ${String(result)}`);
    }));
  }
  await Promise.all(requests);
  return { sent: requests.length, ok: successes.length, failed: failures.length, failures: failures.slice(0, 20), longestGapMs: longestGap(successes), versions };
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

function longestGap(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let longest = 0;
  for (let i = 1; i < sorted.length; i++) longest = Math.max(longest, (sorted[i] as number) - (sorted[i - 1] as number));
  return Math.round(longest);
}
