import { readFile } from "node:fs/promises";
import { OperationFailed } from "../common/errors.js";
import type { StoredBackup } from "./backup-store.js";
import type { CheckOutcome } from "./driver.js";
import { checkArtifact } from "./manifest.js";
import type { BackupTarget } from "./select-driver.js";
import { notOnSwarmYet } from "./swarm-backup.js";
import type { LocateDatastore } from "./swarm-jobs.js";
import { restorePostgresOnSwarm } from "./swarm-postgres.js";

export interface SwarmRestoreOptions {
  /** The datastore's running task and jobs on its node (src/swarm/backup-datastore.ts). */
  readonly locate: LocateDatastore;
  readonly target: BackupTarget;
  readonly stored: StoredBackup;
  readonly onEvent?: (text: string) => void;
}

export interface SwarmRestoreOutcome extends CheckOutcome {
  /** Where the datastore's task ran when it was restored. */
  readonly node: string;
}

/**
 * `berth restore` on a Swarm manager, refusing before anything changes: a damaged artifact, a
 * backup of another driver, a datastore that is not pinned to one node (the restored data would
 * be on whichever node the task happens to run, and a moved task would start on an empty one).
 * Then a job on the task's node restores as on one host (a new database swapped in by renames:
 * a failed restore leaves the live one as it was), counts every table, and berth checks the
 * datastore's task still runs.
 */
export async function restoreOnSwarm(options: SwarmRestoreOptions): Promise<SwarmRestoreOutcome> {
  const { stored, target } = options;
  const damaged = await checkArtifact(stored.artifactPath, stored.manifest);
  if (damaged !== undefined) throw new OperationFailed("restore.damaged", `refusing to restore ${stored.artifactPath}: ${damaged}`, { hint: "pick another backup: berth backup --list" });
  if (stored.manifest.driver !== target.driver) throw new OperationFailed("restore.driver-mismatch", `${stored.artifactPath} is a ${stored.manifest.driver} backup, but ${target.service} uses the ${target.driver} driver`);
  if (target.driver !== "postgres") throw notOnSwarmYet(target, "restore");
  const datastore = await options.locate(target.service);
  if (!datastore.pinning.pinned) {
    throw new OperationFailed("restore.not-pinned", `refusing to restore into ${target.service}: ${datastore.pinning.reason ?? "it is not pinned to one node"}`, {
      hint: `pin it first, e.g. deploy.placement.constraints: [node.hostname == ${datastore.nodeName}], and berth up`,
    });
  }
  const from = stored.manifest.node === undefined ? "" : stored.manifest.node === datastore.nodeName ? "" : ` (the backup was taken on ${stored.manifest.node})`;
  options.onEvent?.(`restoring ${stored.manifest.artifact} into ${target.service} on ${datastore.nodeName}${from}`);
  const outcome = await restorePostgresOnSwarm(datastore, stored.manifest, await readFile(stored.artifactPath));
  // The server kept running (the swap is by renames inside it); it must still be the running task.
  const after = await options.locate(target.service).catch((error: unknown) => error as Error);
  if (after instanceof Error) return { ok: false, checks: outcome.checks, error: `after the restore: ${after.message}`, node: datastore.nodeName };
  return { ...outcome, checks: [...outcome.checks, `${target.service} runs on ${after.nodeName} after the restore`], node: datastore.nodeName };
}
