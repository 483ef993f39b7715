const unitNanos: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/** Go-style duration (`1m30s`, `500ms`, `1.5s`) in nanoseconds, as the Engine API wants them. */
export function durationToNanos(text: string | undefined): number | undefined {
  if (text === undefined || text === "") return undefined;
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)];
  if (parts.length === 0) return undefined;
  return parts.reduce((total, [, value, unit]) => total + Number(value) * (unitNanos[unit ?? "s"] ?? 0), 0);
}

/** The same duration in milliseconds, for berth's own timers. */
export function durationToMillis(text: string | undefined): number | undefined {
  const nanos = durationToNanos(text);
  return nanos === undefined ? undefined : nanos / 1e6;
}
