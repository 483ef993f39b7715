import type { ServiceFailure } from "../execute.js";
import type { ContainerDetails, Engine } from "../engine-port.js";
import { authFailure } from "./db-auth-failed.js";
import { isLooping, type ServiceEvidence } from "./diagnosis.js";
import { readListening } from "./listening.js";
import { gatherPeers } from "./peers.js";
import { runDiagnostic } from "./diagnostic-run.js";
import { findPortHolder } from "./port-holder.js";
import { busyPortOf } from "./port-in-use.js";

/** Collects inspect, log tail, port holder and a diagnostic rerun for one failed service. */
export async function gatherEvidence(engine: Engine, failure: ServiceFailure, containerId: string | undefined, events: readonly string[] = []): Promise<ServiceEvidence> {
  const base: ServiceEvidence = {
    service: failure.service,
    phase: failure.phase,
    error: failure.error,
    ...withoutUndefined({
      buildLog: failure.buildLog,
      image: failure.image,
      gate: failure.gate,
      probes: failure.probes,
      blockedBy: failure.blockedBy,
    }),
  };
  if (failure.phase === "blocked" || failure.phase === "build" || failure.phase === "image") return base;
  const inspect = containerId ? await engine.inspectContainer(containerId) : undefined;
  const logTail = containerId ? await readTail(engine, containerId) : undefined;
  const port = busyPortOf(failure.error);
  const portHolder = port ? await findPortHolder(engine, Number(port), containerId) : undefined;
  const diagnosticRun = inspect && failure.phase === "gate" && isSilentFailure(inspect, logTail, failure.gate) ? await runDiagnostic(engine, inspect).catch(() => undefined) : undefined;
  const listening = inspect?.State.Running && socketsMatter(failure.gate) ? await readListening(engine, inspect.Id) : undefined;
  const peers = inspect ? await gatherPeers(engine, inspect, { datastores: authFailure(logTail) !== undefined }).catch(() => undefined) : undefined;
  return { ...base, ...(events.length > 0 ? { events } : {}), ...withoutUndefined({ inspect, logTail, portHolder, diagnosticRun, peers, listening }) };
}

/** A running service that is not ready: where it listens is often the answer. */
function socketsMatter(gate: ServiceFailure["gate"]): boolean {
  return gate !== undefined && ["not-listening", "loopback-only", "unhealthy", "stuck", "timeout"].includes(gate.reason);
}

/** Exited non-zero or crash-looping (even if caught between two runs) without printing a thing. */
function isSilentFailure(inspect: ContainerDetails, logTail: string | undefined, gate: ServiceFailure["gate"]): boolean {
  if ((logTail ?? "").trim() !== "") return false;
  const exited = !inspect.State.Running && inspect.State.ExitCode !== 0;
  return exited || isLooping(inspect, gate?.reason);
}

async function readTail(engine: Engine, containerId: string): Promise<string> {
  const chunks = await engine.readLogs(containerId, { tail: 50 }).catch(() => []);
  return chunks.map((chunk) => chunk.text).join("");
}

type Defined<T> = { [K in keyof T]?: Exclude<T[K], undefined> };

function withoutUndefined<T extends object>(value: T): Defined<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Defined<T>;
}
