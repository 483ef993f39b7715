import type { Log, ReportingDescriptor, Result } from "sarif";
import type { Finding, Severity } from "../finding.js";
import type { Rule } from "../rule.js";
import type { SuppressedFinding } from "../run-checks.js";

const level: Record<Severity, Result.level> = { error: "error", warning: "warning", info: "note" };

/** `--format sarif`: one SARIF 2.1.0 run; paths are relative to the project directory (`%SRCROOT%`). */
export function formatSarif(findings: readonly Finding[], rules: readonly Rule[], version: string, suppressed: readonly SuppressedFinding[] = []): string {
  const all = [...findings, ...suppressed.map((entry) => entry.finding)];
  const used = rules.filter((rule) => all.some((finding) => finding.rule === rule.id));
  const log: Log = {
    version: "2.1.0",
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    runs: [{
      tool: { driver: { name: "berth", version, informationUri: "https://github.com/berth-dev/berth", rules: used.map(descriptor) } },
      originalUriBaseIds: { "%SRCROOT%": { uri: "./" } },
      results: [
        ...findings.map((finding) => result(finding, used)),
        ...suppressed.map((entry) => ({ ...result(entry.finding, used), suppressions: [{ kind: "inSource" as const, justification: entry.justification }] })),
      ],
    }],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function descriptor(rule: Rule): ReportingDescriptor {
  return {
    id: rule.id,
    name: rule.id,
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.doc.why },
    help: { text: `${rule.doc.why}\n\nFix: ${rule.doc.fix}`, markdown: `${rule.doc.why}\n\n\`\`\`\n${rule.doc.example}\n\`\`\`\n\n**Fix:** ${rule.doc.fix}` },
    defaultConfiguration: { level: level[rule.severity] },
    properties: { group: rule.group },
  };
}

function result(finding: Finding, rules: readonly Rule[]): Result {
  return {
    ruleId: finding.rule,
    ruleIndex: rules.findIndex((rule) => rule.id === finding.rule),
    level: level[finding.severity],
    message: { text: `${finding.message}. Hint: ${finding.hint}` },
    locations: [{ physicalLocation: { artifactLocation: { uri: finding.file.split("\\").join("/"), uriBaseId: "%SRCROOT%" }, region: { startLine: finding.line, startColumn: finding.column } } }],
  };
}
