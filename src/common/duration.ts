/*
 * The one reader of durations in berth: Go's `time.ParseDuration` grammar, which compose uses
 * (`1m30s`, `500ms`, `1.5h`, `0`). The compose loader, deploy, rollout, backup and verify all read
 * durations here, so `1m30s` means the same everywhere.
 */

const unitNanos: Readonly<Record<string, number>> = {
  ns: 1,
  us: 1e3,
  "µs": 1e3,
  "μs": 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

/** A Go duration (`1m30s`, `500ms`, `2h`, `0`) in nanoseconds; undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === "0") return 0;
  const pattern = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/gy;
  let total = 0;
  let consumed = 0;
  for (const match of trimmed.matchAll(pattern)) {
    total += Number(match[1]) * (unitNanos[match[2] ?? ""] ?? 0);
    consumed += match[0].length;
  }
  return consumed === trimmed.length && consumed > 0 ? Math.round(total) : undefined;
}

/** A compose duration (already validated by the loader) in nanoseconds, as the Engine API wants them. */
export function durationToNanos(text: string | undefined): number | undefined {
  return text === undefined || text === "" ? undefined : parseDuration(text);
}

/** The same duration in milliseconds, for berth's own timers. */
export function durationToMillis(text: string | undefined): number | undefined {
  const nanos = durationToNanos(text);
  return nanos === undefined ? undefined : nanos / 1e6;
}

/**
 * A duration in `x-berth` in milliseconds: a Go duration, or a bare number of seconds, as compose
 * reads a bare number (`timeout: 5` is five seconds). Undefined when it is neither.
 */
export function extensionDurationMs(value: string | number): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) && value >= 0 ? value * 1000 : undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Number(value) * 1000;
  const nanos = parseDuration(value);
  return nanos === undefined ? undefined : nanos / 1e6;
}
