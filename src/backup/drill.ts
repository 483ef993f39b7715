import type { StoredBackup } from "./backup-store.js";
import type { DriverContext } from "./driver.js";
import { drivers } from "./drivers.js";
import { checkArtifact, type DrillRecord } from "./manifest.js";

/**
 * Proves a backup by restoring it: the artifact must match its manifest's size and sha256, then
 * the driver restores it into a scratch container from the same image and compares what came
 * back with the facts taken at backup time. A failure is returned as data, with the reason.
 */
export async function drillBackup(context: DriverContext, stored: StoredBackup): Promise<DrillRecord> {
  const started = Date.now();
  const at = new Date(started).toISOString();
  const damaged = await checkArtifact(stored.artifactPath, stored.manifest);
  if (damaged !== undefined) return { ok: false, at, durationMs: Date.now() - started, checks: [], error: damaged };
  const outcome = await drivers[stored.manifest.driver].drill(context, stored);
  return {
    ok: outcome.ok,
    at,
    durationMs: Date.now() - started,
    checks: [`size and sha256 match the manifest`, ...outcome.checks],
    ...(outcome.error === undefined ? {} : { error: outcome.error }),
  };
}
