/** The CPU fields of one sample of `GET /containers/{id}/stats`, as the engine sends them. */
export interface RawCpuSample {
  readonly read?: string;
  readonly preread?: string;
  readonly cpu_stats?: { readonly cpu_usage?: { readonly total_usage?: number } };
  readonly precpu_stats?: { readonly cpu_usage?: { readonly total_usage?: number } };
}

/** The container's CPU time so far and when the engine read it. */
export interface CpuTime {
  /** CPU time the container's processes used since it started (ns, all cores together). */
  readonly cpuTimeNs: number;
  /** When the engine read it (epoch ms, the engine's clock). */
  readonly sampledAt: number;
}

/** The sample's CPU time, or undefined when the engine sent no usage or no readable time. */
export function cpuTimeOf(raw: RawCpuSample): CpuTime | undefined {
  return timeOf(raw.cpu_stats?.cpu_usage?.total_usage, raw.read);
}

/**
 * The share of one CPU (100 = one full core) the container used between two readings of its own
 * CPU time, over the wall time between them. Unlike `docker stats`' percentage it reads no host
 * counter (system_cpu_usage counts 10 ms ticks; online_cpus need not be the CPUs that counter
 * covers, as in a nested engine), so a container starved to 1 % of a CPU reads about 1 wherever
 * the engine runs. Undefined when the two readings cannot be compared.
 */
export function cpuShare(before: CpuTime | undefined, after: CpuTime | undefined): number | undefined {
  if (!before || !after) return undefined;
  const wallMs = after.sampledAt - before.sampledAt;
  const usedNs = after.cpuTimeNs - before.cpuTimeNs;
  if (!(wallMs > 0) || usedNs < 0) return undefined;
  return (usedNs / 1e6 / wallMs) * 100;
}

/** The share between the engine's previous sample and this one (a stats call without streaming has both). */
export function cpuShareOfSample(raw: RawCpuSample): number | undefined {
  return cpuShare(timeOf(raw.precpu_stats?.cpu_usage?.total_usage, raw.preread), cpuTimeOf(raw));
}

function timeOf(totalNs: number | undefined, read: string | undefined): CpuTime | undefined {
  const at = Date.parse(read ?? "");
  // The engine writes 0001-01-01T00:00:00Z for a sample it has not taken.
  if (totalNs === undefined || Number.isNaN(at) || at <= 0) return undefined;
  return { cpuTimeNs: totalNs, sampledAt: at };
}
