import { readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import type { Engine } from "../engine/engine.js";
import { composeLabel } from "../engine/labels.js";
import { manifestSuffix } from "./manifest.js";
import { helperLabel } from "./one-shot.js";
import type { StopLedger } from "./stop-ledger.js";

export interface RecoverOptions {
  readonly engine: Engine;
  readonly project: string;
  readonly ledger: StopLedger;
  /** The backups folder and the services whose folders to clean. */
  readonly backupDir: string;
  readonly services: readonly string[];
  /** How long a restore helper of a killed run may take to finish its swap; then it is removed. */
  readonly restoreWaitMs?: number;
  readonly signal?: AbortSignal;
}

/**
 * Puts back in order what a backup or restore killed mid-way (kill -9, a lost terminal) left:
 * its helper and scratch containers, the containers it had stopped, its half-written files. Runs
 * with the project lock held, so nothing found belongs to a live run. Returns one line per
 * action, for the user to see what was repaired.
 *
 * A restore helper still running is mid-swap: it is given time to finish (stopping it half-way
 * would leave half-swapped data in the live service) before the service is started again.
 */
export async function recoverInterrupted(options: RecoverOptions): Promise<string[]> {
  const done: string[] = [];
  done.push(...(await removeHelpers(options)));
  done.push(...(await restartStopped(options)));
  for (const service of options.services) done.push(...(await removeLeftoverFiles(join(options.backupDir, service), service)));
  return done;
}

async function removeHelpers(options: RecoverOptions): Promise<string[]> {
  const { engine } = options;
  const containers = await engine.listContainers({ labels: { [composeLabel.project]: options.project, [helperLabel]: true } });
  const done: string[] = [];
  for (const helper of containers) {
    const role = helper.labels[helperLabel] ?? "helper";
    if (role === "restore" && helper.state === "running") {
      const signal = AbortSignal.any([AbortSignal.timeout(options.restoreWaitMs ?? 600_000), ...(options.signal === undefined ? [] : [options.signal])]);
      await engine.waitContainer(helper.id, "not-running", signal).catch(() => undefined);
    }
    await engine.removeContainer(helper.id, { force: true, volumes: true }).catch(() => undefined);
    done.push(`removed the ${role} helper ${helper.name} left by an interrupted run`);
  }
  return done;
}

async function restartStopped(options: RecoverOptions): Promise<string[]> {
  const done: string[] = [];
  for (const id of await options.ledger.read()) {
    const details = await options.engine.inspectContainer(id);
    if (details !== undefined && !details.State.Running) {
      await options.engine.startContainer(id);
      done.push(`started ${details.Name.replace(/^\//, "")} again (stopped by an interrupted backup or restore)`);
    }
    await options.ledger.remove(id);
  }
  return done;
}

/**
 * Removes what an interrupted backup wrote: `.partial` artifacts, half-written manifests, and
 * artifacts berth named that never got their manifest (killed between the two). Files berth
 * did not name are left alone.
 */
async function removeLeftoverFiles(folder: string, service: string): Promise<string[]> {
  const names = await readdir(folder).catch(() => [] as string[]);
  const present = new Set(names);
  const ours = new RegExp(`^${escapeRegExp(service)}-\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\d-\\d{3}Z\\.(dump|rdb|tar|tar\\.gz)$`);
  const leftovers = names.filter((name) => name.endsWith(".partial") || name.endsWith(`${manifestSuffix}.tmp`) || (ours.test(name) && !present.has(`${name}${manifestSuffix}`)));
  for (const name of leftovers) await rm(join(folder, name), { force: true });
  return leftovers.map((name) => `removed ${join(folder, name)}, left by an interrupted backup`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
