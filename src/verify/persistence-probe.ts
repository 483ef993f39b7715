import { randomBytes } from "node:crypto";
import type { ContainerDetails, ContainerMount } from "../engine/engine.js";
import type { Evidence, PersistenceProbe } from "./probe.js";
import { toEvidence, type Verdict } from "./evidence.js";
import { storeSteps, type StoreCommand } from "./persistence-stores.js";
import { findServiceContainer, notRunningFailure, type EngineProbeContext } from "./service-container.js";

/** A restart waits at least this long for the store to come back. */
const restartBudgetMs = 60_000;

/**
 * Writes a marker, restarts the service's container, reads the marker back; and checks that the
 * store's data directory is on a named volume, since a restart keeps the container's own layer
 * and anonymous volumes but a recreate (`up` after a change, `down`) does not.
 */
export async function runPersistenceProbe(probe: PersistenceProbe, context: EngineProbeContext): Promise<Evidence> {
  const startedAt = new Date();
  const target = `persistence of ${probe.service} (${probe.store}): ${probe.restart ? "marker, restart, read back" : "marker, storage check"}`;
  const details = await findServiceContainer(context, probe.service);
  if (details?.State.Running !== true) return toEvidence(probe, { target, failures: [notRunningFailure(probe.service, details)], passSummary: "", facts: {} }, startedAt, 0);
  const verdict = await roundTrip(probe, context, details, target);
  return toEvidence(probe, verdict, startedAt, Date.now() - startedAt.getTime());
}

async function roundTrip(probe: PersistenceProbe, context: EngineProbeContext, details: ContainerDetails, target: string): Promise<Verdict> {
  const steps = storeSteps(probe, details);
  const run = (step: StoreCommand, timeoutMs = probe.timeoutMs) => context.engine.exec(details.Id, { command: step.command, env: step.env, timeoutMs });
  const marker = `m${randomBytes(6).toString("hex")}`;
  const written = await run(steps.write(marker));
  if (written.exitCode !== 0) return { target, failures: [`could not write the marker: ${written.output.trim().slice(0, 300)}`], passSummary: "", facts: {}, excerpt: written.output };
  const dataPath = (await run(steps.dataPath)).stdout.trim();
  const restartStarted = Date.now();
  if (probe.restart) await context.engine.restartContainer(details.Id);
  // Ready means the store answers and, with a healthcheck, the engine says healthy again: the
  // stack is left as it was found.
  const isReady = async () => (await run(steps.ready, 5000)).exitCode === 0 && (await isHealthyAgain(context, details.Id));
  const readyAfterMs = await waitReady(isReady, restartStarted);
  const read = await run(steps.read(marker));
  await run(steps.cleanup(marker)).catch(() => undefined);
  const survived = read.exitCode === 0 && read.output.includes(steps.found(marker));
  const storage = describeStorage(dataPath, details.Mounts, probe.service);
  const failures = [...(readyAfterMs === undefined ? [`${probe.service} did not accept work within ${restartBudgetMs / 1000} s of the restart`] : []), ...(survived ? [] : [`the marker written ${probe.restart ? "before the restart was gone after it" : "could not be read back"}`]), ...storage.failures];
  const facts = { dataPath, storage: storage.kind, ...(storage.volume ? { volume: storage.volume } : {}), ...(probe.restart ? { restartMs: readyAfterMs ?? -1 } : {}) };
  const passed = probe.restart ? "marker survived a restart" : "marker written and read back";
  return { target, failures, passSummary: `${passed}; ${dataPath} is on volume ${storage.volume ?? "?"}`, facts, excerpt: storage.detail, hint: storage.hint };
}

async function waitReady(isReady: () => Promise<boolean>, since: number): Promise<number | undefined> {
  while (Date.now() - since < restartBudgetMs) {
    if (await isReady().catch(() => false)) return Date.now() - since;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return undefined;
}

async function isHealthyAgain(context: EngineProbeContext, id: string): Promise<boolean> {
  const health = (await context.engine.inspectContainer(id))?.State.Health;
  return health === undefined || health.Status === "healthy";
}

interface Storage {
  readonly kind: "named-volume" | "anonymous-volume" | "bind" | "container-layer";
  readonly volume?: string;
  readonly failures: readonly string[];
  readonly detail: string;
  readonly hint?: string;
}

/** Which mount holds the data path (the longest destination that contains it). */
export function describeStorage(dataPath: string, mounts: readonly ContainerMount[], service = "<service>"): Storage {
  const holder = mounts.filter((m) => dataPath === m.Destination || dataPath.startsWith(`${m.Destination.replace(/\/$/, "")}/`)).sort((a, b) => b.Destination.length - a.Destination.length)[0];
  const others = mounts.map((m) => `${m.Type} ${m.Name ?? m.Source} at ${m.Destination}`).join("; ") || "none";
  const detail = `data directory ${dataPath}; mounts: ${others}`;
  const misplaced = mounts.filter((m) => m.Type === "volume" && !isAnonymous(m.Name) && !dataPath.startsWith(m.Destination));
  const hint = [
    ...misplaced.map((m) => `volume ${m.Name ?? ""} is mounted at ${m.Destination}, which does not hold the data: is the target path mistyped?`),
    `mount the named volume at ${dataPath} (services.${service}.volumes: - <volume>:${dataPath})`,
  ].join("; ");
  if (holder === undefined) return { kind: "container-layer", failures: [`${dataPath} is in the container's own layer: it is lost when the container is recreated`], detail, hint };
  if (holder.Type === "bind") return { kind: "bind", volume: holder.Source, failures: [], detail };
  if (holder.Type === "volume" && isAnonymous(holder.Name)) {
    return { kind: "anonymous-volume", volume: holder.Name ?? "", failures: [`${dataPath} is on an anonymous volume (${(holder.Name ?? "").slice(0, 12)}), not on a declared one: a recreate starts empty`], detail, hint };
  }
  return { kind: "named-volume", volume: holder.Name ?? holder.Source, failures: [], detail };
}

const isAnonymous = (name: string | undefined): boolean => name === undefined || /^[0-9a-f]{64}$/.test(name);
