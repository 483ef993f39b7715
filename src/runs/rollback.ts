import type { Project } from "../compose/model/project.js";
import type { Engine } from "../deploy/engine-port.js";
import { lockedRun } from "./journalled-run.js";
import { rollbackProject, type RollbackResult } from "./rollback-project.js";

export interface RollbackRunOptions {
  readonly engine: Engine;
  readonly project: Project;
  readonly stateDir: string;
  readonly signal: AbortSignal;
  readonly waitTimeoutMs: number;
  readonly settleMs: number;
  /** The project's redactor (`data`): journal lines never carry a secret. */
  readonly redact: <T>(value: T) => T;
  readonly onStep?: (service: string, message: string) => void;
}

export interface RollbackRun extends RollbackResult {
  readonly runId: string;
}

/**
 * A rollback as a run, the same for `berth rollback` and the dashboard: under the project lock
 * (never beside an `up`), on the engine's event stream, and journalled like `up`, so run history,
 * the rollback duration in /metrics and reports see it. Each rollout is journalled as a step.
 */
export async function runRollback(options: RollbackRunOptions): Promise<RollbackRun> {
  return lockedRun(
    { ...options, command: "rollback" },
    async ({ journal, events }) => {
      const result = await rollbackProject({ ...options, events });
      for (const outcome of result.outcomes) {
        const detail = outcome.failure ? `${outcome.status}: ${outcome.failure.detail}` : outcome.status;
        await journal.append({ type: "step", service: outcome.service, operation: "rollout", cause: `rollback to #${result.target.id}`, outcome: outcome.failure ? "failed" : "ok", startedAt: iso(outcome.startedAt), endedAt: iso(outcome.finishedAt), detail });
      }
      return { ...result, runId: journal.runId };
    },
    (run) => ({ ok: run.release === undefined || run.release.outcome === "deployed" }),
  );
}

const iso = (ms: number): string => new Date(ms).toISOString();
