import { chmod, mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { BerthError } from "../common/errors.js";
import type { Engine } from "../engine/engine.js";
import type { DriverName } from "./backup-config.js";
import { applyRetention, type StoredBackup } from "./backup-store.js";
import { drillBackup } from "./drill.js";
import type { DriverContext } from "./driver.js";
import { drivers } from "./drivers.js";
import { hashFile, manifestPathOf, writeManifest, type BackupManifest } from "./manifest.js";
import type { BackupTarget } from "./select-driver.js";
import { recoverInterrupted } from "./recover.js";
import { findServiceInstance } from "./service-instance.js";
import type { StopLedger } from "./stop-ledger.js";

export interface BackupRunOptions {
  readonly engine: Engine;
  readonly project: string;
  readonly targets: readonly BackupTarget[];
  readonly dir: string;
  readonly drill: boolean;
  readonly compress: boolean;
  readonly retention?: number;
  readonly berthVersion: string;
  readonly fileOwner?: string;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** Records containers stopped for a copy, so a killed run's successor starts them (recover.ts). */
  readonly ledger?: StopLedger;
  readonly stopGraceSeconds?: (service: string) => number;
  readonly onEvent?: (event: BackupEvent) => void;
}

export type BackupEvent =
  | { readonly kind: "started"; readonly service: string; readonly driver: DriverName }
  | { readonly kind: "written"; readonly service: string; readonly path: string; readonly sizeBytes: number; readonly durationMs: number }
  | { readonly kind: "drilled"; readonly service: string; readonly ok: boolean; readonly durationMs: number }
  | { readonly kind: "expired"; readonly service: string; readonly paths: readonly string[] }
  | { readonly kind: "failed"; readonly service: string; readonly error: string }
  /** What a backup or restore killed earlier had left, repaired before this run starts. */
  | { readonly kind: "recovered"; readonly text: string }
  /** Something the backup goes ahead with but the user should know (a Swarm datastore not pinned to one node). */
  | { readonly kind: "warning"; readonly service: string; readonly text: string };

/**
 * The outcome for one service: a backup that is good only if its drill passed (or was skipped).
 * `error` says why no backup was written at all (service not running, dump failed).
 */
export interface BackupOutcome {
  readonly service: string;
  readonly ok: boolean;
  readonly stored?: StoredBackup;
  readonly error?: string;
  readonly expired: readonly string[];
}

/**
 * Backs up each target in turn: artifact, manifest, drill (recorded in the manifest), retention.
 * One service failing does not stop the others: its outcome carries the reason.
 */
export async function runBackups(options: BackupRunOptions): Promise<BackupOutcome[]> {
  await recoverFirst(options, options.targets.map((target) => target.service), (text) => options.onEvent?.({ kind: "recovered", text }));
  return backupEach(options.targets, options.onEvent, (target) => backupOne(options, target));
}

/** Backs up each target in turn; a BerthError becomes that service's failed outcome and the others go on. */
export async function backupEach(targets: readonly BackupTarget[], onEvent: ((event: BackupEvent) => void) | undefined, one: (target: BackupTarget) => Promise<BackupOutcome>): Promise<BackupOutcome[]> {
  const outcomes: BackupOutcome[] = [];
  for (const target of targets) {
    outcomes.push(
      await one(target).catch((error: unknown) => {
        if (!(error instanceof BerthError)) throw error;
        onEvent?.({ kind: "failed", service: target.service, error: error.message });
        return { service: target.service, ok: false, error: error.message, expired: [] };
      }),
    );
  }
  return outcomes;
}

async function backupOne(options: BackupRunOptions, target: BackupTarget): Promise<BackupOutcome> {
  options.onEvent?.({ kind: "started", service: target.service, driver: target.driver });
  // A volume can be copied from a stopped service; a database must be running to be dumped.
  const context = await driverContext(options, target, { running: target.driver !== "volume" });
  await mkdir(context.folder, { recursive: true, mode: 0o700 });
  const stored = await writeBackup(options, context);
  const drilled = options.drill ? await recordDrill(options, context, stored) : stored;
  const ok = drilled.manifest.drill?.ok !== false;
  // Retention only after a good backup: a failing run must never delete the last good copies.
  const expired = ok && options.retention !== undefined ? await applyRetention(options.dir, target.service, options.retention) : [];
  if (expired.length > 0) options.onEvent?.({ kind: "expired", service: target.service, paths: expired });
  return { service: target.service, ok, stored: drilled, expired };
}

async function writeBackup(options: BackupRunOptions, context: DriverContext): Promise<StoredBackup> {
  const started = Date.now();
  const driver = drivers[context.target.driver];
  const fileName = `${context.target.service}-${timestampOf(new Date(started))}.${driver.extension(options.compress)}`;
  const artifactPath = join(context.folder, fileName);
  const produced = await driver.backup(context, fileName).catch(async (error: unknown) => {
    // A failed dump leaves no half file behind that could pass for a backup.
    await rm(`${artifactPath}.partial`, { force: true });
    throw error;
  });
  // Helpers write with their own umask; a dump of user data is for its owner only.
  await chmod(artifactPath, 0o600);
  const { sha256, sizeBytes } = await hashFile(artifactPath);
  const manifest: BackupManifest = {
    manifestVersion: 1,
    project: options.project,
    service: context.target.service,
    driver: context.target.driver,
    image: context.instance.details.Config.Image,
    imageId: context.instance.imageId,
    artifact: fileName,
    createdAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    sizeBytes,
    sha256,
    compressed: produced.compressed,
    berthVersion: options.berthVersion,
    source: produced.source,
    facts: produced.facts,
  };
  await writeManifest(artifactPath, manifest);
  options.onEvent?.({ kind: "written", service: context.target.service, path: artifactPath, sizeBytes, durationMs: manifest.durationMs });
  return { manifest, artifactPath, manifestPath: manifestPathOf(artifactPath) };
}

async function recordDrill(options: BackupRunOptions, context: DriverContext, stored: StoredBackup): Promise<StoredBackup> {
  const drill = await drillBackup(context, stored);
  const manifest = { ...stored.manifest, drill };
  await writeManifest(stored.artifactPath, manifest);
  options.onEvent?.({ kind: "drilled", service: context.target.service, ok: drill.ok, durationMs: drill.durationMs });
  return { ...stored, manifest };
}

/**
 * With a ledger (the caller holds the project lock), first repairs what a killed backup or
 * restore left: helpers, stopped containers, half-written files (recover.ts).
 */
export async function recoverFirst(options: Pick<BackupRunOptions, "engine" | "project" | "dir" | "ledger" | "signal">, services: readonly string[], tell: (text: string) => void): Promise<void> {
  if (options.ledger === undefined) return;
  const done = await recoverInterrupted({ engine: options.engine, project: options.project, ledger: options.ledger, backupDir: options.dir, services, ...(options.signal === undefined ? {} : { signal: options.signal }) });
  for (const text of done) tell(text);
}

/** The context a driver acts in, built from the service's running container. */
export async function driverContext(options: Omit<BackupRunOptions, "targets" | "drill" | "berthVersion">, target: BackupTarget, { running = true } = {}): Promise<DriverContext> {
  const instance = await findServiceInstance(options.engine, options.project, target.service, { running });
  return {
    engine: options.engine,
    project: options.project,
    target,
    instance,
    folder: join(options.dir, target.service),
    compress: options.compress,
    timeoutMs: options.timeoutMs,
    ...(options.fileOwner === undefined ? {} : { fileOwner: options.fileOwner }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.ledger === undefined ? {} : { ledger: options.ledger }),
    ...(options.stopGraceSeconds === undefined ? {} : { stopGraceSeconds: options.stopGraceSeconds }),
  };
}

/** `2026-11-23T07-45-12-123Z`: sortable, and valid in file names everywhere. */
export function timestampOf(date: Date): string {
  return date.toISOString().replace(/[:.]/g, "-");
}
