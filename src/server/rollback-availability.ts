import { isDeployment, previousDeployed } from "../release/release.js";
import { readReleases } from "../release/release-store.js";

export type RollbackAvailability = { readonly available: true; readonly targetRelease: number } | { readonly available: false; readonly reason: string };

/** Whether `berth rollback` has a release to return to, and which; else why not, in words. */
export async function rollbackAvailability(stateDir: string): Promise<RollbackAvailability> {
  const releases = await readReleases(stateDir);
  const target = previousDeployed(releases);
  if (target !== undefined) return { available: true, targetRelease: target.id };
  const deployed = releases.filter((release) => isDeployment(release) && release.outcome === "deployed").length;
  return { available: false, reason: `rollback needs two deployed releases; ${deployed} recorded (see berth history)` };
}
