import type { Engine } from "../engine/engine.js";
import type { BackupTarget } from "./select-driver.js";
import type { BackupFacts } from "./manifest.js";
import type { StoredBackup } from "./backup-store.js";
import type { ServiceInstance } from "./service-instance.js";
import type { StopLedger } from "./stop-ledger.js";

/** Everything a driver needs to act on one service. */
export interface DriverContext {
  readonly engine: Engine;
  readonly project: string;
  readonly target: BackupTarget;
  readonly instance: ServiceInstance;
  /** Host folder of this service's backups, bind-mounted at /backup in helper containers. */
  readonly folder: string;
  /** `uid:gid` helpers write files as, so the user owns their backups. */
  readonly fileOwner?: string;
  readonly compress: boolean;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** Where containers stopped for the copy are recorded until started again (kill -9 recovery). */
  readonly ledger?: StopLedger;
  /** Seconds a service's container is given to stop: its `stop_grace_period`, else 10. */
  readonly stopGraceSeconds?: (service: string) => number;
}

/** What a driver's backup produced, besides the artifact file itself. */
export interface DriverBackup {
  readonly compressed: boolean;
  /** Connection details a restore needs (database, user, volume name); never a password. */
  readonly source: Readonly<Record<string, string>>;
  readonly facts: BackupFacts;
}

/** The result of restoring somewhere and comparing with the facts taken at backup time. */
export interface CheckOutcome {
  readonly ok: boolean;
  readonly checks: readonly string[];
  readonly error?: string;
}

/** One kind of datastore: how to copy it out, prove the copy in a scratch container, and put it back. */
export interface BackupDriver {
  /** File extension of the artifact (`dump`, `rdb`, `tar`). */
  extension(compress: boolean): string;
  /** Writes the artifact to `folder/fileName` (atomically: a partial name until complete). */
  backup(context: DriverContext, fileName: string): Promise<DriverBackup>;
  /** Restores into a throwaway container from the same image, with no network, and compares. */
  drill(context: DriverContext, stored: StoredBackup): Promise<CheckOutcome>;
  /** Restores into the live service and compares. */
  restore(context: DriverContext, stored: StoredBackup): Promise<CheckOutcome>;
}
