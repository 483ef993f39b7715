import type { PreviousContainer } from "../../release/previous-logs.js";

export interface PreviousLogsOptions {
  /** Only the last N kept lines of each container. */
  readonly tail?: number;
  readonly timestamps: boolean;
  /** `service-N | ` before each line (`--no-log-prefix` drops it). */
  readonly prefix: boolean;
}

/**
 * `berth logs --previous`: for each kept container of the services (all kept ones when none is
 * named), oldest first, a heading naming the container, its image and its time range, then its
 * kept lines as `logs` prints them.
 */
export function renderPreviousLogs(kept: Readonly<Record<string, readonly PreviousContainer[]>>, services: readonly string[], options: PreviousLogsOptions): string {
  const chosen = services.length > 0 ? services : Object.keys(kept).sort();
  const containers = chosen.flatMap((service) => kept[service] ?? []);
  const width = Math.max(0, ...containers.map((entry) => prefixOf(entry).length));
  return containers.map((entry) => renderOne(entry, options, width)).join("");
}

/** The services named (or, with none named, any) that have no previous container kept. */
export function servicesWithoutPrevious(kept: Readonly<Record<string, readonly PreviousContainer[]>>, services: readonly string[]): string[] {
  if (services.length === 0) return Object.values(kept).some((entries) => entries.length > 0) ? [] : ["*"];
  return services.filter((service) => (kept[service] ?? []).length === 0);
}

function renderOne(entry: PreviousContainer, options: PreviousLogsOptions, width: number): string {
  const lines = options.tail === undefined ? entry.lines : options.tail === 0 ? [] : entry.lines.slice(-options.tail);
  const first = timeOf(entry.lines[0]) ?? entry.startedAt;
  const last = timeOf(entry.lines.at(-1)) ?? entry.removedAt;
  const more = entry.truncated ? ` (its last ${entry.lines.length} lines)` : "";
  const heading = `--- ${entry.name}: previous container ${entry.id}, image ${entry.image} (${entry.imageId}), output from ${first} to ${last}${more}, removed by ${entry.removedBy} at ${entry.removedAt}\n`;
  const prefix = options.prefix ? `${prefixOf(entry).padEnd(width)} | ` : "";
  return heading + lines.map((line) => `${prefix}${options.timestamps ? line : withoutTime(line)}\n`).join("");
}

function prefixOf(entry: PreviousContainer): string {
  return `${entry.service}-${entry.number}`;
}

const timestamped = /^(\d{4}-\d\d-\d\dT[\d:.]+Z) ?/;

function timeOf(line: string | undefined): string | undefined {
  return line === undefined ? undefined : timestamped.exec(line)?.[1];
}

function withoutTime(line: string): string {
  return line.replace(timestamped, "");
}
