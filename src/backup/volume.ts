import { rename } from "node:fs/promises";
import { join } from "node:path";
import { OperationFailed } from "../common/errors.js";
import type { ContainerDetails } from "../engine/engine.js";
import type { StoredBackup } from "./backup-store.js";
import { compareFiles } from "./compare-facts.js";
import type { BackupDriver, CheckOutcome, DriverBackup, DriverContext } from "./driver.js";
import { oneShotFailed, runOneShot, type OneShotResult } from "./one-shot.js";
import { containersMounting } from "./service-instance.js";

/**
 * Prints `berth-files|COUNT|CHECKSUM` for the tree at $1: the count of regular files and a
 * sha256 over the sorted `sha256sum` lines of all of them (names and contents both count).
 */
const fingerprint = `fingerprint() { (cd "$1" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum) > /tmp/berth-sums; printf 'berth-files|%s|%s\\n' "$(wc -l < /tmp/berth-sums | tr -d ' ')" "$(sha256sum < /tmp/berth-sums | cut -d' ' -f1)"; }`;

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
  const tarFlags = context.compress ? "-czf" : "-cf";
  const script = `set -eu; ${fingerprint}; fingerprint /volume; tar ${tarFlags} "/backup/${partial}" -C /volume .${ownerFix(context, partial)}`;
  const result = await withWritersQuiet(context, volume, () => helper(context, script, [`${volume}:/volume:ro`, `${context.folder}:/backup`]));
  if (result.exitCode !== 0) throw oneShotFailed("backup.volume-tar", `copying volume ${volume}`, result);
  const facts = parseFingerprint(result.stdout);
  await rename(join(context.folder, partial), join(context.folder, fileName));
  return { compressed: context.compress, source: { volume }, facts: { files: facts.files, filesChecksum: facts.checksum } };
}

async function drillVolume(context: DriverContext, stored: StoredBackup): Promise<CheckOutcome> {
  const script = `set -eu; ${fingerprint}; mkdir -p /tmp/drill; tar -xf "/backup/${stored.manifest.artifact}" -C /tmp/drill; fingerprint /tmp/drill`;
  const result = await helper(context, script, [`${context.folder}:/backup:ro`], "none", stored.manifest.imageId);
  if (result.exitCode !== 0) return { ok: false, checks: [], error: `extracting ${stored.manifest.artifact} failed (exit ${result.exitCode}): ${result.stderr.trim().split("\n").slice(-3).join(" ")}` };
  return compareWithManifest(stored, result);
}

async function restoreVolume(context: DriverContext, stored: StoredBackup): Promise<CheckOutcome> {
  const volume = stored.manifest.source["volume"] ?? volumeNameOf(context);
  const script = `set -eu; ${fingerprint}; find /volume -mindepth 1 -delete; tar -xf "/backup/${stored.manifest.artifact}" -C /volume; fingerprint /volume`;
  const result = await withWritersStopped(context, volume, () => helper(context, script, [`${volume}:/volume`, `${context.folder}:/backup:ro`]));
  if (result.exitCode !== 0) throw oneShotFailed("restore.volume-tar", `restoring volume ${volume}`, result);
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
  for (const writer of writers) await context.engine.stopContainer(writer.Id, { timeoutSeconds: 10 });
  try {
    return await work();
  } finally {
    for (const writer of writers) await context.engine.startContainer(writer.Id);
  }
}

function helper(context: DriverContext, script: string, binds: readonly string[], networkMode = "none", image = context.instance.imageId): Promise<OneShotResult> {
  return runOneShot(context.engine, {
    project: context.project,
    purpose: `volume-${context.target.service}`,
    image,
    script,
    binds,
    networkMode,
    user: "0:0",
    timeoutMs: context.timeoutMs,
    ...(context.signal === undefined ? {} : { signal: context.signal }),
  });
}

/** tar needs root to read every file; the artifact is then handed to the user who asked. */
function ownerFix(context: DriverContext, partial: string): string {
  return context.fileOwner === undefined ? "" : `; chown ${context.fileOwner} "/backup/${partial}"`;
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
