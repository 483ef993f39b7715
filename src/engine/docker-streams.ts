import type { Readable } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import { cpuShareOfSample, cpuTimeOf, type CpuTime } from "./cpu-time.js";
import type { ContainerStats } from "./types/container.js";
import type { EngineEvent } from "./types/stream.js";

/**
 * The chunks of an engine stream until it ends or the signal aborts; aborting ends the
 * iteration quietly and closes the connection.
 */
export async function* readChunks(
  stream: NodeJS.ReadableStream,
  signal: AbortSignal,
): AsyncGenerator<Buffer> {
  const readable = stream as Readable;
  const close = () => readable.destroy();
  if (signal.aborted) return close();
  signal.addEventListener("abort", close, { once: true });
  try {
    for await (const chunk of readable) yield Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
  } catch (error) {
    if (!signal.aborted) throw error;
  } finally {
    signal.removeEventListener("abort", close);
    close();
  }
}

/** Newline-delimited JSON messages (events, build and pull progress), however the chunks split them. */
export async function* readJsonLines(chunks: AsyncIterable<Buffer>): AsyncGenerator<unknown> {
  // A character of several bytes may be cut between chunks (build output in any language).
  const decoder = new StringDecoder("utf8");
  let partial = "";
  for await (const chunk of chunks) {
    const lines = (partial + decoder.write(chunk)).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) if (line.trim() !== "") yield JSON.parse(line) as unknown;
  }
  partial += decoder.end();
  if (partial.trim() !== "") yield JSON.parse(partial) as unknown;
}

interface RawEvent {
  readonly Type?: string;
  readonly Action?: string;
  readonly Actor?: { readonly ID?: string; readonly Attributes?: Record<string, string> };
  readonly time?: number;
  readonly timeNano?: number;
}

export function toEngineEvent(raw: RawEvent): EngineEvent {
  return {
    type: raw.Type ?? "",
    action: raw.Action ?? "",
    id: raw.Actor?.ID ?? "",
    attributes: raw.Actor?.Attributes ?? {},
    time: raw.timeNano === undefined ? (raw.time ?? 0) * 1000 : Math.floor(raw.timeNano / 1e6),
  };
}

interface RawStats {
  readonly read?: string;
  readonly preread?: string;
  readonly cpu_stats?: CpuSample;
  readonly precpu_stats?: CpuSample;
  readonly memory_stats?: {
    readonly usage?: number;
    readonly limit?: number;
    readonly stats?: Record<string, number>;
  };
  readonly pids_stats?: { readonly current?: number };
}

interface CpuSample {
  readonly cpu_usage?: { readonly total_usage?: number; readonly percpu_usage?: readonly number[] };
  readonly system_cpu_usage?: number;
  readonly online_cpus?: number;
}

/** CPU and memory the way `docker stats` computes them from one stats sample. */
export function toContainerStats(raw: RawStats): ContainerStats {
  return {
    cpuPercent: cpuPercent(raw.cpu_stats, raw.precpu_stats),
    ...definedCpu(cpuShareOfSample(raw), cpuTimeOf(raw)),
    memoryBytes: memoryInUse(raw.memory_stats),
    memoryLimitBytes: raw.memory_stats?.limit ?? 0,
    pids: raw.pids_stats?.current ?? 0,
  };
}

function definedCpu(cpuShare: number | undefined, cpuTime: CpuTime | undefined): Pick<ContainerStats, "cpuShare" | "cpuTime"> {
  return { ...(cpuShare === undefined ? {} : { cpuShare }), ...(cpuTime === undefined ? {} : { cpuTime }) };
}

function cpuPercent(now: CpuSample | undefined, before: CpuSample | undefined): number {
  if (!before?.system_cpu_usage) return 0; // the first sample of a stream has nothing to compare with
  const cpuDelta = (now?.cpu_usage?.total_usage ?? 0) - (before?.cpu_usage?.total_usage ?? 0);
  const systemDelta = (now?.system_cpu_usage ?? 0) - (before?.system_cpu_usage ?? 0);
  if (cpuDelta <= 0 || systemDelta <= 0) return 0;
  const cpus = now?.online_cpus ?? now?.cpu_usage?.percpu_usage?.length ?? 1;
  return (cpuDelta / systemDelta) * cpus * 100;
}

// Page cache is reclaimable, so docker stats leaves it out: `cache` on cgroup v1,
// `inactive_file` on cgroup v2.
function memoryInUse(memory: RawStats["memory_stats"]): number {
  const usage = memory?.usage ?? 0;
  const cache =
    memory?.stats?.["total_inactive_file"] ??
    memory?.stats?.["inactive_file"] ??
    memory?.stats?.["cache"] ??
    0;
  return Math.max(0, usage - cache);
}
