import type { CheckContext } from "./context.js";
import type { Location, Severity } from "./finding.js";

/** What a rule reads; `berth check --list-rules` groups by it. */
export type RuleGroup = "compose" | "dockerfile" | "dockerignore" | "nginx" | "env" | "cross-file";

/** Printed by `berth check --explain RULE` and rendered to docs/rules/<id>.md. */
export interface RuleDoc {
  readonly why: string;
  readonly example: string;
  readonly fix: string;
}

export interface RuleReport {
  readonly at: Location;
  readonly message: string;
  readonly hint: string;
  /** Overrides the rule's default severity for this one finding (e.g. a weaker variant). */
  readonly severity?: Severity;
}

export type Report = (report: RuleReport) => void;

/** One check. The id is the file name of the rule, its test and its doc page. */
export interface Rule {
  readonly id: string;
  readonly group: RuleGroup;
  readonly severity: Severity;
  readonly title: string;
  readonly doc: RuleDoc;
  check(context: CheckContext, report: Report): void;
}

/** Identity helper that gives rule modules a checked shape. */
export function defineRule(rule: Rule): Rule {
  return rule;
}
