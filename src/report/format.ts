/** Small value formatters shared by the Markdown and HTML renderers. */

export function formatBytes(bytes: number | null): string {
  if (bytes === null) return "-";
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

export const formatPercent = (value: number | null): string => (value === null ? "-" : `${value.toFixed(1)}%`);

export function formatMemory(used: number | null, limit: number | null): string {
  if (used === null) return "-";
  return limit === null || limit === 0 ? formatBytes(used) : `${formatBytes(used)} / ${formatBytes(limit)}`;
}

/** Seconds from `origin` to `time`, as `+3.2 s`; `-` when unknown. */
export function offsetSeconds(origin: string | null, time: string | null): string {
  if (origin === null || time === null) return "-";
  return `+${((Date.parse(time) - Date.parse(origin)) / 1000).toFixed(1)} s`;
}

export const verdictWord = { pass: "PASS", warn: "PASS WITH WARNINGS", fail: "FAIL" } as const;
