/** How bad a finding is: `error` fails the deploy or is unsafe, `warning` is likely broken, `info` is hygiene. */
export type Severity = "error" | "warning" | "info";

export const severities: readonly Severity[] = ["info", "warning", "error"];

/** One problem `berth check` found. `file` is relative to the project directory, positions are 1-based. */
export interface Finding {
  readonly rule: string;
  readonly severity: Severity;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
  readonly hint: string;
}

/** Where a finding points, with an absolute file path (run-checks makes it relative). */
export interface Location {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export function severityRank(severity: Severity): number {
  return severities.indexOf(severity);
}

export function isSeverity(value: unknown): value is Severity {
  return value === "error" || value === "warning" || value === "info";
}
