import { readdir, rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import { projectStateDir } from "../deploy/state-dir.js";
import type { Project } from "../compose/model/project.js";
import type { ProjectBackupConfig } from "./backup-config.js";
import { manifestPathOf, manifestSuffix, readManifest, type BackupManifest } from "./manifest.js";
import { selectExpired } from "./retention.js";

/** A backup on disk: its manifest and where its artifact is. */
export interface StoredBackup {
  readonly manifest: BackupManifest;
  readonly artifactPath: string;
  readonly manifestPath: string;
}

/**
 * The backups folder: `--dir`, else `x-berth.backup.dir`, else `$BERTH_BACKUP_DIR`, else
 * `backups/` in the project's state dir. Outside the project tree by default, so a dump full of
 * user data is never sent in a build context nor committed by accident.
 */
export function resolveBackupDir(project: Project, config: ProjectBackupConfig, env: Readonly<Record<string, string | undefined>>, flag?: { dir: string; cwd: string }): string {
  if (flag !== undefined) return resolve(flag.cwd, flag.dir);
  return config.dir ?? env["BERTH_BACKUP_DIR"] ?? join(projectStateDir(project.name, env), "backups");
}

/** Every backup of a service (one folder per service), newest first. */
export async function listBackups(dir: string, service: string): Promise<StoredBackup[]> {
  const folder = join(dir, service);
  const names = await readdir(folder).catch(() => [] as string[]);
  const manifests = names.filter((name) => name.endsWith(manifestSuffix));
  const stored = await Promise.all(manifests.map(async (name) => storedAt(join(folder, name))));
  return stored.filter((entry): entry is StoredBackup => entry !== undefined).sort((a, b) => b.manifest.createdAt.localeCompare(a.manifest.createdAt));
}

async function storedAt(manifestPath: string): Promise<StoredBackup | undefined> {
  const manifest = await readManifest(manifestPath).catch(() => undefined);
  if (manifest === undefined) return undefined;
  return { manifest, manifestPath, artifactPath: manifestPath.slice(0, -manifestSuffix.length) };
}

/** Finds a backup by artifact path, manifest path, or file name within the service's folder. */
export async function findBackup(dir: string, service: string, reference: string): Promise<StoredBackup | undefined> {
  const all = await listBackups(dir, service);
  if (reference === "latest") return all.find((entry) => entry.manifest.drill?.ok !== false);
  return all.find((entry) => [entry.artifactPath, entry.manifestPath, entry.manifest.artifact, manifestPathOf(entry.manifest.artifact)].includes(reference) || entry.artifactPath.endsWith(`/${reference}`));
}

/** Deletes what retention expires; returns the artifact paths removed. */
export async function applyRetention(dir: string, service: string, keep: number): Promise<string[]> {
  const all = await listBackups(dir, service);
  const entries = all.map((entry) => ({ id: entry.artifactPath, createdAt: entry.manifest.createdAt, good: entry.manifest.drill?.ok !== false }));
  const expired = selectExpired(entries, keep);
  for (const entry of expired) {
    await rm(entry.id, { force: true });
    await rm(manifestPathOf(entry.id), { force: true });
  }
  return expired.map((entry) => entry.id);
}
