import { rename } from "node:fs/promises";
import { join } from "node:path";
import { OperationFailed } from "../common/errors.js";
import type { ContainerDetails } from "../engine/engine.js";
import type { StoredBackup } from "./backup-store.js";
import { compareFiles } from "./compare-facts.js";
import type { BackupDriver, CheckOutcome, DriverBackup, DriverContext } from "./driver.js";
import { oneShotFailed, runOneShot, type HelperRole, type OneShotResult } from "./one-shot.js";
import { withStopped } from "./stop-ledger.js";
import { volumeBackupScript, volumeDrillScript, volumeRestoreScript, volumeScriptEnv } from "./volume-scripts.js";
import { containersMounting } from "./service-instance.js";

/**
 * Any named volume, as a tar. For a consistent copy the writers are stopped for the copy and
 * started again (default), or the service's own snapshot command runs first when declared.
 * Helpers run the service's own image, which must have sh, tar, find and sha256sum.
 */
export const volumeDriver: BackupDriver = {
  extension: (compress) => (compress ? "tar.gz" : "tar"),
  backup: backupVolume,
  drill: drillVolume,
  restore: restoreVolume,
};

async function backupVolume(context: DriverContext, fileName: string): Promise<DriverBackup> {
  const volume = volumeNameOf(context);
  const partial = `${fileName}.partial`;
  const script = `${volumeBackupScript(context.compress)}${ownerFix(context)}`;
  const env = [...volumeScriptEnv({ volume: "/volume", out: `/backup/${partial}` }), ...(context.fileOwner === undefined ? [] : [`BERTH_OWNER=${context.fileOwner}`])];
  const result = await withWritersQuiet(context, volume, () => helper(context, "backup", script, env, [`${volume}:/volume:ro`, `${context.folder}:/backup`]));
  if (result.exitCode !== 0) throw oneShotFailed("backup.volume-tar", `copying volume ${volume}`, result);
  const facts = parseFingerprint(result.stdout);
  await rename(join(context.folder, partial), join(context.folder, fileName));
  return { compressed: context.compress, source: { volume }, facts: { files: facts.files, filesChecksum: facts.checksum } };
}

async function drillVolume(context: DriverContext, stored: StoredBackup): Promise<CheckOutcome> {
  const env = volumeScriptEnv({ volume: "/tmp/drill", artifact: `/backup/${stored.manifest.artifact}`, sha256: stored.manifest.sha256 });
  const result = await helper(context, "drill", volumeDrillScript, env, [`${context.folder}:/backup:ro`], stored.manifest.imageId);
  if (result.exitCode !== 0) return { ok: false, checks: [], error: `extracting ${stored.manifest.artifact} failed (exit ${result.exitCode}): ${result.stderr.trim().split("\n").slice(-3).join(" ")}` };
  return compareWithManifest(stored, result);
}

/**
 * All or nothing: the archive is extracted beside the live data and proven against the facts
 * taken at backup time before a rename swaps it in (see volume-scripts.ts). Always the volume
 * the project's files name for the service: a manifest does not choose what gets overwritten.
 */
async function restoreVolume(context: DriverContext, stored: StoredBackup): Promise<CheckOutcome> {
  const volume = volumeNameOf(context);
  const { files, filesChecksum } = stored.manifest.facts;
  if (files === undefined || filesChecksum === undefined) throw new OperationFailed("restore.volume-facts", `${stored.manifestPath} records no file count and checksum to prove a restore against`);
  const env = volumeScriptEnv({ volume: "/volume", artifact: `/backup/${stored.manifest.artifact}`, sha256: stored.manifest.sha256, files, checksum: filesChecksum });
  const result = await withWritersStopped(context, volume, () => helper(context, "restore", volumeRestoreScript, env, [`${volume}:/volume`, `${context.folder}:/backup:ro`]));
  if (result.exitCode !== 0) throw oneShotFailed("restore.volume-tar", `restoring volume ${volume}`, result, "the live data was left as it was; check the backup with berth restore --check");
  return compareWithManifest(stored, result);
}

function compareWithManifest(stored: StoredBackup, result: OneShotResult): CheckOutcome {
  const expected = { files: stored.manifest.facts.files ?? 0, checksum: stored.manifest.facts.filesChecksum ?? "" };
  return compareFiles(expected, parseFingerprint(result.stdout));
}

/** The declared snapshot command replaces stopping; `consistency: none` trusts the writer. */
async function withWritersQuiet<T>(context: DriverContext, volume: string, copy: () => Promise<T>): Promise<T> {
  const { snapshotCommand, consistency } = context.target.config;
  if (snapshotCommand !== undefined) {
    const result = await context.engine.exec(context.instance.id, { command: snapshotCommand, timeoutMs: context.timeoutMs });
    if (result.exitCode !== 0) throw new OperationFailed("backup.snapshot-command", `the snapshot command of ${context.target.service} failed (exit ${result.exitCode}): ${result.output.trim()}`);
    return copy();
  }
  return consistency === "none" ? copy() : withWritersStopped(context, volume, copy);
}

/** Stops every running container of the project that mounts the volume, and starts them again after. */
async function withWritersStopped<T>(context: DriverContext, volume: string, work: () => Promise<T>): Promise<T> {
  const writers: ContainerDetails[] = await containersMounting(context.engine, context.project, volume);
  return withStopped(context, writers, work);
}

function helper(context: DriverContext, role: HelperRole, script: string, env: readonly string[], binds: readonly string[], image = context.instance.imageId): Promise<OneShotResult> {
  return runOneShot(context.engine, {
    project: context.project,
    purpose: `volume-${context.target.service}`,
    role,
    image,
    script,
    env,
    binds,
    networkMode: "none",
    user: "0:0",
    timeoutMs: context.timeoutMs,
    ...(context.signal === undefined ? {} : { signal: context.signal }),
  });
}

/** tar needs root to read every file; the artifact is then handed to the user who asked. */
function ownerFix(context: DriverContext): string {
  return context.fileOwner === undefined ? "" : `\nchown "$BERTH_OWNER" "$BERTH_OUT"`;
}

function parseFingerprint(output: string): { files: number; checksum: string } {
  const line = output.split("\n").find((text) => text.startsWith("berth-files|"));
  const [, files, checksum] = (line ?? "").trim().split("|");
  if (files === undefined || checksum === undefined) throw new OperationFailed("backup.volume-fingerprint", `the volume helper printed no fingerprint:\n${output.trim()}`);
  return { files: Number(files), checksum };
}

function volumeNameOf(context: DriverContext): string {
  const name = context.target.volume?.name;
  if (name === undefined) throw new OperationFailed("backup.volume", `${context.target.service} has no volume to copy`);
  return name;
}
