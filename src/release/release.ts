/** How a deployment ended, as `berth history` shows it; `done`: a `down`, restore or migration that succeeded. */
export type ReleaseOutcome = "deployed" | "rolled-back" | "failed" | "done";

/** What ran for one service after a deployment. */
export interface ServiceRelease {
  readonly service: string;
  /** The image reference of the files (`app:2`). */
  readonly image: string;
  /** The image id the containers run: what `berth rollback` returns to. */
  readonly imageId: string;
  readonly configHash: string;
}

/** A service that changed in this deployment, and what it tried to run. */
export interface ServiceChange {
  readonly service: string;
  readonly fromImageId: string | undefined;
  readonly toImageId: string;
  readonly cause: string;
}

/**
 * One deployment of a project, recorded in its state directory: when, what changed, what runs
 * now, how it ended and why. Holds ids and hashes only, never configuration values (secrets).
 */
export interface Release {
  readonly id: number;
  readonly at: string;
  readonly project: string;
  /**
   * `up`, or `rollback` (to release `rollbackOf`): deployments. `down`, `restore` and `migrate`
   * are recorded too (what happened to the stack, in `note`), but are never a rollback target.
   */
  readonly command: "up" | "rollback" | "down" | "restore" | "migrate";
  readonly rollbackOf?: number;
  /** For `down`, `restore` and `migrate`: what they did, in one line (names and counts, no values). */
  readonly note?: string;
  readonly outcome: ReleaseOutcome;
  readonly changes: readonly ServiceChange[];
  /** Every service as it runs after this deployment (the old version where it was rolled back). */
  readonly services: readonly ServiceRelease[];
  /** One line per failed service: what went wrong, for history and reports. */
  readonly diagnoses: readonly string[];
}

/** A release that deployed images (`up`, `rollback`), not a `down`, restore or migration. */
export function isDeployment(release: Release): boolean {
  return release.command === "up" || release.command === "rollback";
}

/** The release `berth rollback` returns to: the deployed one before the latest deployed one. */
export function previousDeployed(releases: readonly Release[]): Release | undefined {
  const deployed = releases.filter((release) => isDeployment(release) && release.outcome === "deployed");
  return deployed.at(-2);
}
