import type { Project } from "../compose/model/project.js";
import { diskFileTree } from "../check/files/disk-file-tree.js";
import { allRules } from "../check/rules/index.js";
import { runChecks } from "../check/run-checks.js";
import type { Rule } from "../check/rule.js";
import type { ReportFinding } from "../report/report.js";

/** `berth check`'s findings for the report (the rules of one target, default one engine's); null when the doctor itself could not run. */
export function checkFindings(project: Project, rules: readonly Rule[] = allRules): ReportFinding[] | null {
  try {
    return runChecks({ project, files: diskFileTree(), rules }).map((f) => ({ rule: f.rule, severity: f.severity, file: f.file, line: f.line, column: f.column, message: f.message, hint: f.hint }));
  } catch {
    return null;
  }
}
