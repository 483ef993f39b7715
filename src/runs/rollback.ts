import type { Project } from "../compose/model/project.js";
import type { Engine } from "../deploy/engine-port.js";
import { EventHub } from "../deploy/event-hub.js";
import { lockProject } from "../deploy/lock.js";
import { newRunId, openJournal } from "../journal/journal.js";
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
  const lock = await lockProject({ stateDir: options.stateDir, timeoutMs: options.waitTimeoutMs, signal: options.signal });
  const events = new EventHub();
  const stop = new AbortController();
  const streaming = events.run(options.engine, options.project.name, AbortSignal.any([stop.signal, options.signal]));
  const journal = await openJournal(options.stateDir, newRunId(), { redact: options.redact });
  await journal.append({ type: "run-started", runId: journal.runId, command: "rollback", project: options.project.name, composeFiles: options.project.meta.composeFiles });
  let ok = false;
  try {
    const result = await rollbackProject({ ...options, events });
    for (const outcome of result.outcomes) {
      const detail = outcome.failure ? `${outcome.status}: ${outcome.failure.detail}` : outcome.status;
      await journal.append({ type: "step", service: outcome.service, operation: "rollout", cause: `rollback to #${result.target.id}`, outcome: outcome.failure ? "failed" : "ok", startedAt: iso(outcome.startedAt), endedAt: iso(outcome.finishedAt), detail });
    }
    ok = result.release.outcome === "deployed";
    return { ...result, runId: journal.runId };
  } finally {
    await journal.append({ type: "run-finished", ok, ...(options.signal.aborted ? { interrupted: true } : {}) });
    stop.abort();
    await streaming;
    await lock.release();
  }
}

const iso = (ms: number): string => new Date(ms).toISOString();
