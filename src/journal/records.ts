import type { SourceLocation } from "../common/errors.js";

/*
 * The records a run leaves in its journal and a report is rebuilt from: the evidence of a probe
 * and a check finding. They live here, below verify/ and report/, so that both (and the journal)
 * depend on them and never on each other.
 */

/** The probe kinds `x-berth.verify` accepts, plus `health` (inferred from healthchecks). */
export const probeKinds = ["http", "websocket", "tcp", "exec", "postgres", "redis", "persistence", "health"] as const;
export type ProbeKind = (typeof probeKinds)[number];

/**
 * What one probe found: data, never an exception. A failed probe says which expectation failed
 * and carries the observations that show why (status, headers, body excerpt, timings, output).
 */
export interface Evidence {
  readonly probe: string;
  readonly kind: ProbeKind;
  readonly service?: string;
  readonly inferredFrom?: string;
  /** What was probed, human-readable: `GET http://127.0.0.1:8080/api/health (from host)`. */
  readonly target: string;
  readonly ok: boolean;
  /** One line: `200 OK in 14 ms` or `expected status 200, got 502 Bad Gateway`. */
  readonly summary: string;
  /** Each expectation that did not hold, in words. */
  readonly failures: readonly string[];
  /** Observed values: status, latency, upgrade status, exit code, rows, ... */
  readonly facts: Readonly<Record<string, string | number | boolean>>;
  /** A short excerpt of what came back (body, output, log), redacted before it is shown. */
  readonly excerpt?: string;
  /** Where to look for the cause when the probe failed. */
  readonly hint?: string;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly location?: SourceLocation;
}

/** A `berth check` finding, as the report shows it. */
export interface ReportFinding {
  readonly rule: string;
  readonly severity: "error" | "warning" | "info";
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
  readonly hint: string;
}
