import type { Project } from "../compose/model/project.js";
import { diskFileTree } from "../check/files/disk-file-tree.js";
import { allRules } from "../check/rules/index.js";
import { runChecks } from "../check/run-checks.js";
import type { ReportFinding } from "../report/report.js";

/** `berth check`'s findings for the report; null when the doctor itself could not run. */
export function checkFindings(project: Project): ReportFinding[] | null {
  try {
    return runChecks({ project, files: diskFileTree(), rules: allRules }).map((f) => ({ rule: f.rule, severity: f.severity, file: f.file, line: f.line, column: f.column, message: f.message, hint: f.hint }));
  } catch {
    return null;
  }
}
