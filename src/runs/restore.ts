import type { Redactor } from "../common/redact.js";
import { restoreBackup, type RestoreOptions, type RestoreOutcome } from "../backup/restore.js";
import { stopLedgerIn } from "../backup/stop-ledger.js";
import { basename } from "node:path";
import { recordEvent } from "../release/record-event.js";
import type { Project } from "../compose/model/project.js";
import type { Engine } from "../deploy/engine-port.js";
import { restoreOnSwarm, type SwarmRestoreOptions, type SwarmRestoreOutcome } from "../backup/swarm-restore.js";
import { lockedRun } from "./journalled-run.js";

export interface RestoreRunSpec extends RestoreOptions {
  readonly stateDir: string;
  readonly redactor: Redactor;
  readonly signal: AbortSignal;
  readonly onLockWait?: (holder: string) => void;
}

export interface RestoreRun extends RestoreOutcome {
  readonly runId: string;
}

/**
 * `berth restore` into the live service as one run: under the project lock (it stops the
 * service's dependents and replaces its data), journalled as one step with what it checked.
 */
export async function runRestore(spec: RestoreRunSpec): Promise<RestoreRun> {
  return lockedRun(
    { ...spec, command: "restore", redact: spec.redactor.data },
    async ({ journal }) => {
      const startedAt = new Date().toISOString();
      // The ledger by default, so every caller records what it stops and repairs a killed run first.
      const outcome = await restoreBackup({ ledger: stopLedgerIn(spec.stateDir), ...spec });
      await journal.append({
        type: "step",
        service: spec.target.service,
        operation: "restore",
        cause: `restore ${spec.stored.manifest.artifact}`,
        outcome: outcome.ok ? "ok" : "failed",
        startedAt,
        endedAt: new Date().toISOString(),
        detail: outcome.error ?? outcome.checks.join("; "),
      });
      const note = `restored ${spec.target.service} from ${basename(spec.stored.artifactPath)}`;
      await recordEvent(spec.stateDir, { project: spec.project.name, command: "restore", ok: outcome.ok, note, ...(outcome.error ? { failure: `${spec.target.service}: ${outcome.error}` } : {}) });
      return { ...outcome, runId: journal.runId };
    },
    (run) => ({ ok: run.ok }),
  );
}

export interface SwarmRestoreRunSpec extends SwarmRestoreOptions {
  readonly engine: Engine;
  readonly project: Project;
  readonly stateDir: string;
  readonly redactor: Redactor;
  readonly signal: AbortSignal;
  readonly onLockWait?: (holder: string) => void;
}

/** `berth restore` on a Swarm manager: the same run (lock, journal step, history event), the job on the datastore's node. */
export async function runSwarmRestore(spec: SwarmRestoreRunSpec): Promise<SwarmRestoreOutcome & { runId: string }> {
  return lockedRun(
    { ...spec, command: "restore (swarm)", redact: spec.redactor.data },
    async ({ journal }) => {
      const startedAt = new Date().toISOString();
      const outcome = await restoreOnSwarm(spec);
      await journal.append({ type: "step", service: spec.target.service, operation: "restore", cause: `restore ${spec.stored.manifest.artifact} on ${outcome.node}`, outcome: outcome.ok ? "ok" : "failed", startedAt, endedAt: new Date().toISOString(), detail: outcome.error ?? outcome.checks.join("; ") });
      const note = `restored ${spec.target.service} from ${basename(spec.stored.artifactPath)} on ${outcome.node} (swarm)`;
      await recordEvent(spec.stateDir, { project: spec.project.name, command: "restore", ok: outcome.ok, note, ...(outcome.error ? { failure: `${spec.target.service}: ${outcome.error}` } : {}) });
      return { ...outcome, runId: journal.runId };
    },
    (run) => ({ ok: run.ok }),
  );
}
