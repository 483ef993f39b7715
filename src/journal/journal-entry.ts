import type { Evidence, ReportFinding } from "./records.js";

/**
 * One line of a run's journal. Every entry has `at` (ISO time) and `type`; the rest depends on the
 * type. Journals are append-only: a report is rebuilt from them, never from memory.
 */
export type JournalEntry =
  | RunStarted
  | StepRecorded
  | ServiceObserved
  | DiagnosisRecorded
  | EvidenceRecorded
  | FindingsRecorded
  | RunFinished;

export interface RunStarted {
  readonly type: "run-started";
  readonly at: string;
  readonly runId: string;
  /** `up`, `verify`, `up --verify`, ... */
  readonly command: string;
  readonly project: string;
  readonly composeFiles: readonly string[];
}

/** One executed plan step: `create-container service:api:1`, with its cause and outcome. */
export interface StepRecorded {
  readonly type: "step";
  readonly at: string;
  readonly service?: string;
  readonly operation: string;
  readonly cause: string;
  readonly outcome: "ok" | "failed" | "skipped";
  readonly startedAt: string;
  readonly endedAt: string;
  readonly detail?: string;
}

/** A service's lifecycle times as `up` saw them (created, started, healthy). */
export interface ServiceObserved {
  readonly type: "service";
  readonly at: string;
  readonly service: string;
  readonly state: string;
  readonly health: string;
  readonly createdAt: string | null;
  readonly startedAt: string | null;
  readonly healthyAt: string | null;
}

export interface DiagnosisRecorded {
  readonly type: "diagnosis";
  readonly at: string;
  readonly service: string;
  /** The diagnosis as deploy/diagnose returns it (code, summary, evidence, hint). */
  readonly diagnosis: Readonly<Record<string, unknown>>;
}

export interface EvidenceRecorded {
  readonly type: "evidence";
  readonly at: string;
  readonly evidence: Evidence;
}

export interface FindingsRecorded {
  readonly type: "findings";
  readonly at: string;
  readonly findings: readonly ReportFinding[];
}

export interface RunFinished {
  readonly type: "run-finished";
  readonly at: string;
  readonly ok: boolean;
  readonly interrupted?: boolean;
}

/** An entry as a caller hands it over: `at` is filled in by the journal when absent. */
export type NewJournalEntry = JournalEntry extends infer E ? (E extends { at: string } ? Omit<E, "at"> & { at?: string } : never) : never;
