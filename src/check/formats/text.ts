import type { FileTree } from "../files/file-tree.js";
import type { Finding } from "../finding.js";
import { join } from "node:path";

const label: Record<Finding["severity"], string> = { error: "error", warning: "warning", info: "info" };

/** Human output: findings grouped by file, each with the offending line and a caret. */
export function formatText(findings: readonly Finding[], files: FileTree, dir: string, profiles: readonly string[] = []): string {
  const checked = profiles.length === 0 ? "" : `profiles checked: ${profiles.join(", ")}\n`;
  if (findings.length === 0) return `berth check: no problems found\n${checked}`;
  const out: string[] = [];
  const byFile = new Map<string, Finding[]>();
  for (const finding of findings) byFile.set(finding.file, [...(byFile.get(finding.file) ?? []), finding]);
  for (const [file, group] of byFile) {
    const lines = (files.readText(join(dir, file)) ?? "").split(/\r?\n/);
    out.push(file);
    for (const finding of group) out.push(...renderFinding(finding, lines[finding.line - 1]));
    out.push("");
  }
  out.push(summary(findings));
  return `${out.join("\n")}\n${checked}`;
}

function renderFinding(finding: Finding, source: string | undefined): string[] {
  const lines = [`  ${finding.line}:${finding.column}  ${label[finding.severity]}  ${finding.message}  [${finding.rule}]`];
  if (source !== undefined && source.trim() !== "") {
    const shown = source.replace(/\t/g, " ").slice(0, 160);
    lines.push(`      | ${shown}`, `      | ${" ".repeat(Math.max(0, Math.min(finding.column - 1, shown.length)))}^`);
  }
  lines.push(`      hint: ${finding.hint}`);
  return lines;
}

export function summary(findings: readonly Finding[]): string {
  const count = (severity: Finding["severity"]) => findings.filter((finding) => finding.severity === severity).length;
  return `${findings.length} finding${findings.length === 1 ? "" : "s"}: ${count("error")} error(s), ${count("warning")} warning(s), ${count("info")} info`;
}
