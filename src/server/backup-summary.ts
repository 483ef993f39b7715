import { listBackups } from "../backup/backup-store.js";
import type { ServedProject } from "./served-project.js";

export interface BackupSummary {
  readonly service: string;
  readonly driver: string;
  /** The artifact's file name (never a path: the folder is the server's business). */
  readonly artifact: string;
  readonly createdAt: string;
  readonly sizeBytes: number;
  readonly durationMs: number;
  readonly drill: { readonly ok: boolean; readonly at: string; readonly checks: readonly string[]; readonly error?: string } | null;
}

/** Every backup of every service with a backup driver, newest first per service. */
export async function readBackups(served: ServedProject): Promise<BackupSummary[]> {
  const perService = await Promise.all(served.backupServices.map((service) => listBackups(served.backupDir, service)));
  return perService.flat().map(({ manifest }) => ({
    service: manifest.service,
    driver: manifest.driver,
    artifact: manifest.artifact,
    createdAt: manifest.createdAt,
    sizeBytes: manifest.sizeBytes,
    durationMs: manifest.durationMs,
    drill: manifest.drill === undefined ? null : { ok: manifest.drill.ok, at: manifest.drill.at, checks: manifest.drill.checks, ...(manifest.drill.error === undefined ? {} : { error: manifest.drill.error }) },
  }));
}
