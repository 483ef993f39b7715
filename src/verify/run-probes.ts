import type { Project } from "../compose/model/project.js";
import type { Engine } from "../engine/engine.js";
import type { Evidence, Probe } from "./probe.js";
import { toEvidence } from "./evidence.js";
import { runExecProbe } from "./exec-probe.js";
import { runHealthProbe } from "./health-probe.js";
import { isNetworkProbe, runNetworkProbes, type NetworkProbe } from "./network-probes.js";
import { observeFromHost, type Observer } from "./observe.js";
import { observeInNetwork } from "./observe-in-network.js";
import { runPersistenceProbe } from "./persistence-probe.js";
import { runPostgresProbe } from "./postgres-probe.js";
import { runRedisProbe } from "./redis-probe.js";
import type { EngineProbeContext } from "./service-container.js";

export interface RunProbesOptions {
  readonly engine: Engine;
  readonly project: Project;
  readonly signal?: AbortSignal;
  /** Image of the in-network observer container (default node:20-bookworm-slim). */
  readonly observerImage?: string;
}

/**
 * Runs every probe and returns one Evidence per probe, in the probes' order. Network probes run
 * together (one host process, one container per network); probes that act in containers run one
 * by one; persistence probes last, because they restart services.
 */
export async function runProbes(probes: readonly Probe[], options: RunProbesOptions): Promise<Evidence[]> {
  const context: EngineProbeContext = { engine: options.engine, projectName: options.project.name, ...(options.signal ? { signal: options.signal } : {}) };
  const byName = new Map<string, Evidence>();
  const network = probes.filter(isNetworkProbe);
  for (const evidence of await runNetworkBatches(network, options)) byName.set(evidence.probe, evidence);
  const inContainers = probes.filter((probe) => !isNetworkProbe(probe)).sort((a, b) => Number(a.kind === "persistence") - Number(b.kind === "persistence"));
  for (const probe of inContainers) byName.set(probe.name, await runInContainer(probe, context).catch((error: unknown) => couldNotRun(probe, error)));
  return probes.map((probe) => byName.get(probe.name)!);
}

async function runNetworkBatches(probes: readonly NetworkProbe[], options: RunProbesOptions): Promise<Evidence[]> {
  const batches = new Map<string, NetworkProbe[]>();
  for (const probe of probes) {
    const key = probe.from === "host" ? "" : networkFor(options.project, hostOf(probe));
    batches.set(key, [...(batches.get(key) ?? []), probe]);
  }
  const runs = [...batches].map(([network, batch]) => runNetworkProbes(batch, network === "" ? observeFromHost : networkObserver(options, network)));
  return (await Promise.all(runs)).flat();
}

function networkObserver(options: RunProbesOptions, network: string): Observer {
  return observeInNetwork({
    engine: options.engine,
    project: options.project.name,
    network,
    ...(options.observerImage ? { image: options.observerImage } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
}

const hostOf = (probe: NetworkProbe): string => (probe.kind === "tcp" ? probe.host : new URL(probe.url).hostname);

/** The engine name of the network the addressed service is on (the project default otherwise). */
export function networkFor(project: Project, host: string): string {
  const service = Object.values(project.services).find((s) => s.name === host || s.hostname === host || s.container_name === host);
  const key = Object.keys(service?.networks ?? {})[0] ?? "default";
  return project.networks[key]?.name ?? `${project.name}_${key}`;
}

// An engine failure while probing is evidence too: the probe could not be made, so it fails.
function couldNotRun(probe: Probe, error: unknown): Evidence {
  const message = error instanceof Error ? error.message : String(error);
  return toEvidence(probe, { target: `${probe.kind} ${probe.service ?? ""}`.trim(), failures: [`could not run the probe: ${message}`], passSummary: "", facts: {} }, new Date(), 0);
}

function runInContainer(probe: Probe, context: EngineProbeContext): Promise<Evidence> {
  switch (probe.kind) {
    case "exec":
      return runExecProbe(probe, context);
    case "postgres":
      return runPostgresProbe(probe, context);
    case "redis":
      return runRedisProbe(probe, context);
    case "persistence":
      return runPersistenceProbe(probe, context);
    case "health":
      return runHealthProbe(probe, context);
    default:
      throw new Error(`network probe ${probe.name} reached the container runner`);
  }
}
