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

/** A manifest berth would not act on, and why (shown by `backup --list`, never restored). */
export interface RejectedManifest {
  readonly manifestPath: string;
  readonly reason: string;
}

/** Every backup of a service (one folder per service), newest first. */
export async function listBackups(dir: string, service: string): Promise<StoredBackup[]> {
  return (await scanBackups(dir, service)).stored;
}

/** The valid backups of a service, newest first, and the manifests that failed validation. */
export async function scanBackups(dir: string, service: string): Promise<{ stored: StoredBackup[]; rejected: RejectedManifest[] }> {
  const folder = join(dir, service);
  const names = await readdir(folder).catch(() => [] as string[]);
  const manifests = names.filter((name) => name.endsWith(manifestSuffix));
  const read = await Promise.all(manifests.map(async (name) => storedAt(join(folder, name))));
  const stored = read.filter((entry): entry is StoredBackup => "manifest" in entry).sort((a, b) => b.manifest.createdAt.localeCompare(a.manifest.createdAt));
  return { stored, rejected: read.filter((entry): entry is RejectedManifest => "reason" in entry) };
}

async function storedAt(manifestPath: string): Promise<StoredBackup | RejectedManifest> {
  try {
    const manifest = await readManifest(manifestPath);
    return { manifest, manifestPath, artifactPath: manifestPath.slice(0, -manifestSuffix.length) };
  } catch (error) {
    return { manifestPath, reason: (error as Error).message };
  }
}

/**
 * Finds a backup of the service's folder by artifact path, manifest path, or file name. `latest`
 * is the newest backup whose drill passed: one never drilled (`--no-drill`, or killed before its
 * drill) has not been proven and is only restored when named.
 */
export async function findBackup(dir: string, service: string, reference: string): Promise<StoredBackup | undefined> {
  const all = await listBackups(dir, service);
  if (reference === "latest") return all.find((entry) => entry.manifest.drill?.ok === true);
  return all.find((entry) => [entry.artifactPath, entry.manifestPath, entry.manifest.artifact, manifestPathOf(entry.manifest.artifact)].includes(reference) || entry.artifactPath.endsWith(`/${reference}`));
}

/** Why the manifest a reference names was refused, when it was (restore says so instead of "not found"). */
export async function rejectionOf(dir: string, service: string, reference: string): Promise<string | undefined> {
  const { rejected } = await scanBackups(dir, service);
  const artifactOf = (manifestPath: string) => manifestPath.slice(0, -manifestSuffix.length);
  return rejected.find((entry) => [entry.manifestPath, artifactOf(entry.manifestPath)].some((path) => path === reference || path.endsWith(`/${reference}`)))?.reason;
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
