// Durations are read by the one Go-duration parser of berth; this module formats them back.
export { parseDuration } from "../../common/duration.js";

/** Formats nanoseconds as Go's `time.Duration.String()` does: `1m30s`, `2m0s`, `1h0m0s`, `500ms`. */
export function formatDuration(nanos: number): string {
  if (nanos === 0) return "0s";
  const sign = nanos < 0 ? "-" : "";
  const abs = Math.abs(nanos);
  if (abs < 1e3) return `${sign}${abs}ns`;
  if (abs < 1e6) return `${sign}${trimNumber(abs / 1e3)}µs`;
  if (abs < 1e9) return `${sign}${trimNumber(abs / 1e6)}ms`;
  const hours = Math.floor(abs / 3600e9);
  const minutes = Math.floor((abs % 3600e9) / 60e9);
  const seconds = trimNumber((abs % 60e9) / 1e9);
  if (hours > 0) return `${sign}${hours}h${minutes}m${seconds}s`;
  if (minutes > 0) return `${sign}${minutes}m${seconds}s`;
  return `${sign}${seconds}s`;
}

function trimNumber(value: number): string {
  return String(Number(value.toFixed(9)));
}
