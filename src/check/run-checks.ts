import { relative } from "node:path";
import type { Project } from "../compose/model/project.js";
import { readCheckConfig, type CheckConfig } from "./check-config.js";
import { allRuleIds } from "./rules/index.js";
import type { CheckContext, LoadFailure } from "./context.js";
import { createContext } from "./create-context.js";
import { cachedFileTree } from "./files/cached-file-tree.js";
import type { FileTree } from "./files/file-tree.js";
import type { Finding, Location } from "./finding.js";
import type { Rule, RuleReport } from "./rule.js";
import { foldFindings } from "./fold-findings.js";
import { createSuppressionCheck } from "./suppressions.js";

export interface CheckInput {
  readonly project: Project;
  readonly files: FileTree;
  readonly rules: readonly Rule[];
  readonly loadError?: LoadFailure;
}

/** A finding silenced by a `# berth-ignore` comment, kept for SARIF's suppressions. */
export interface SuppressedFinding {
  readonly finding: Finding;
  readonly justification: string;
}

/** Runs every enabled rule on one parsed context and returns findings sorted by place. */
export function runChecks(input: CheckInput): Finding[] {
  return runChecksDetailed(input).findings;
}

/** Like runChecks, and also returns what inline comments silenced. */
export function runChecksDetailed(input: CheckInput): { findings: Finding[]; suppressed: SuppressedFinding[] } {
  const files = cachedFileTree(input.files);
  const context = createContext(input.project, files, input.loadError);
  const config = readCheckConfig(input.project, new Set([...allRuleIds, ...input.rules.map((rule) => rule.id)]));
  const isSuppressed = createSuppressionCheck(files);
  const findings: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const rule of input.rules.filter((candidate) => !config.disable.has(candidate.id))) {
    for (const report of collectReports(rule, context)) {
      const justification = isSuppressed(rule.id, report.at);
      const finding = toFinding(rule, report, context.dir, config);
      if (justification === undefined) findings.push(finding);
      else suppressed.push({ finding, justification });
    }
  }
  return { findings: sortFindings(foldFindings(findings)), suppressed };
}

// A rule that throws is a berth bug; it is reported as a finding so one rule cannot hide the others.
function collectReports(rule: Rule, context: CheckContext): RuleReport[] {
  const reports: RuleReport[] = [];
  try {
    rule.check(context, (report) => reports.push(report));
  } catch (error) {
    const message = `rule ${rule.id} failed: ${error instanceof Error ? error.message : String(error)} (this is a bug in berth)`;
    reports.push({ at: context.locate([]), message, hint: "report it; disable the rule in x-berth.check meanwhile", severity: "warning" });
  }
  return reports;
}

function toFinding(rule: Rule, report: RuleReport, dir: string, config: CheckConfig): Finding {
  return {
    rule: rule.id,
    severity: config.severity.get(rule.id) ?? report.severity ?? rule.severity,
    file: relativeFile(dir, report.at),
    line: report.at.line,
    column: report.at.column,
    message: report.message,
    hint: report.hint,
  };
}

const relativeFile = (dir: string, at: Location) => relative(dir, at.file) || at.file;

export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule));
}
