import { OperationFailed } from "../common/errors.js";
import { DependencyGraph } from "../compose/graph.js";
import type { Project } from "../compose/model/project.js";
import type { ContainerDetails, Engine } from "../engine/engine.js";
import type { StoredBackup } from "./backup-store.js";
import type { CheckOutcome } from "./driver.js";
import { drivers } from "./drivers.js";
import { checkArtifact } from "./manifest.js";
import { driverContext, recoverFirst } from "./run-backup.js";
import type { BackupTarget } from "./select-driver.js";
import { findServiceInstance } from "./service-instance.js";
import { stopGraceFrom, withStopped, type StopLedger } from "./stop-ledger.js";

export interface RestoreOptions {
  readonly engine: Engine;
  readonly project: Project;
  readonly target: BackupTarget;
  readonly stored: StoredBackup;
  readonly dir: string;
  readonly timeoutMs: number;
  readonly fileOwner?: string;
  readonly signal?: AbortSignal;
  readonly ledger?: StopLedger;
  readonly onEvent?: (text: string) => void;
}

export interface RestoreOutcome extends CheckOutcome {
  /** Services stopped for the restore and started again afterwards. */
  readonly dependents: readonly string[];
}

/**
 * Restores a backup into the live service: refuses a damaged artifact before touching
 * anything, stops the running services that depend on it (so nothing writes half-way), lets the
 * driver restore and compare, then starts the dependents again, whatever happened.
 */
export async function restoreBackup(options: RestoreOptions): Promise<RestoreOutcome> {
  await recoverFirst({ ...options, project: options.project.name }, [options.target.service], (text) => options.onEvent?.(text));
  const damaged = await checkArtifact(options.stored.artifactPath, options.stored.manifest);
  if (damaged !== undefined) throw new OperationFailed("restore.damaged", `refusing to restore ${options.stored.artifactPath}: ${damaged}`, { hint: "pick another backup: berth backup --list" });
  if (options.stored.manifest.driver !== options.target.driver) {
    throw new OperationFailed("restore.driver-mismatch", `${options.stored.artifactPath} is a ${options.stored.manifest.driver} backup, but ${options.target.service} uses the ${options.target.driver} driver`);
  }
  const { engine, dir, timeoutMs, fileOwner, signal, ledger } = options;
  const stopGraceSeconds = stopGraceFrom(options.project);
  const base = { engine, dir, timeoutMs, project: options.project.name, compress: false, stopGraceSeconds, ...(fileOwner === undefined ? {} : { fileOwner }), ...(signal === undefined ? {} : { signal }), ...(ledger === undefined ? {} : { ledger }) };
  const context = await driverContext(base, options.target, { running: options.target.driver !== "volume" });
  const dependents = await runningDependents(options);
  for (const dependent of [...dependents].reverse()) options.onEvent?.(`stopping ${serviceOf(dependent)}`);
  // Dependents last-started first; withStopped starts them again in start order, whatever happened.
  const outcome = await withStopped(context, [...dependents].reverse(), () => drivers[options.target.driver].restore(context, options.stored)).finally(() => {
    for (const dependent of dependents) options.onEvent?.(`started ${serviceOf(dependent)} again`);
  });
  return { ...outcome, dependents: dependents.map(serviceOf) };
}

/** Running containers of services that depend on the target, directly or not, in start order. */
async function runningDependents(options: RestoreOptions): Promise<ContainerDetails[]> {
  const ordered = dependentsInStartOrder(options.project, options.target.service);
  const found = await Promise.all(ordered.map((name) => findServiceInstance(options.engine, options.project.name, name, { running: false }).catch(() => undefined)));
  return found.filter((instance) => instance?.details.State.Running === true).map((instance) => instance!.details);
}

/**
 * Pure: the services that depend on `service`, directly or not, in start order. Walked with a
 * list, not recursion: a chain of thousands of dependents never exhausts the call stack.
 */
export function dependentsInStartOrder(project: Pick<Project, "services">, service: string): string[] {
  const graph = DependencyGraph.fromServices(project.services);
  const affected = new Set<string>();
  const pending = [service];
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    for (const dependent of graph.dependentsOf(name)) {
      if (affected.has(dependent)) continue;
      affected.add(dependent);
      pending.push(dependent);
    }
  }
  return graph.order().filter((name) => affected.has(name));
}

function serviceOf(details: ContainerDetails): string {
  return details.Config.Labels["com.docker.compose.service"] ?? details.Name;
}
