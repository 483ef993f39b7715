import type { Project } from "../compose/model/project.js";
import type { Engine } from "../deploy/engine-port.js";
import { EventHub } from "../deploy/event-hub.js";
import { newRunId, openJournal, type Journal } from "../journal/journal.js";
import { takeRunLock } from "./run-lock.js";

export interface RunSpec {
  readonly engine: Engine;
  readonly project: Project;
  readonly stateDir: string;
  /** What the journal's `run-started` says: `up`, `up --verify`, `verify`, `rollback`, ... */
  readonly command: string;
  /** The project's redactor (`data`): no journal line carries a secret. */
  readonly redact: <T>(value: T) => T;
  readonly signal: AbortSignal;
}

/** A run that changes or restarts something: it also holds the project lock (run-lock.ts). */
export interface LockedRunSpec extends RunSpec {
  /** The run's own deadline, which bounds its wait for the lock too. */
  readonly waitTimeoutMs?: number | undefined;
  readonly onLockWait?: ((holder: string) => void) | undefined;
}

/** What a run's body gets: its journal and the engine's event stream of the project. */
export interface RunScope {
  readonly journal: Journal;
  readonly events: EventHub;
}

/** How a run's result ends its journal. */
export interface RunEnd {
  readonly ok: boolean;
  readonly interrupted?: boolean | undefined;
}

/**
 * One journalled run: `run-started`, the body on the project's engine event stream, and
 * `run-finished` in a `finally`, so a run that throws is recorded as failed rather than left
 * unfinished forever. The caller holds the project lock (see run-lock.ts) when the run changes
 * anything.
 */
export async function journalledRun<T>(spec: RunSpec, body: (scope: RunScope) => Promise<T>, endOf: (result: T) => RunEnd): Promise<T> {
  const events = new EventHub();
  const stop = new AbortController();
  const streaming = events.run(spec.engine, spec.project.name, AbortSignal.any([stop.signal, spec.signal]));
  let end: RunEnd = { ok: false };
  let journal: Journal | undefined;
  try {
    journal = await openJournal(spec.stateDir, newRunId(), { redact: spec.redact });
    await journal.append({ type: "run-started", runId: journal.runId, command: spec.command, project: spec.project.name, composeFiles: spec.project.meta.composeFiles });
    const result = await body({ journal, events });
    end = endOf(result);
    return result;
  } finally {
    const interrupted = end.interrupted === true || spec.signal.aborted;
    await journal?.append({ type: "run-finished", ok: end.ok && !interrupted, ...(interrupted ? { interrupted: true } : {}) });
    stop.abort();
    await streaming;
  }
}

/** {@link journalledRun} under the project lock, released whatever happens. */
export async function lockedRun<T>(spec: LockedRunSpec, body: (scope: RunScope) => Promise<T>, endOf: (result: T) => RunEnd): Promise<T> {
  const lock = await takeRunLock({ stateDir: spec.stateDir, signal: spec.signal, waitTimeoutMs: spec.waitTimeoutMs, onWait: spec.onLockWait });
  try {
    return await journalledRun(spec, body, endOf);
  } finally {
    await lock.release();
  }
}
