import type { Rule } from "./rule.js";

/** The text `berth check --explain RULE` prints (also the body of docs/rules/<id>.md). */
export function explainRule(rule: Rule): string {
  const indent = (text: string) => text.split("\n").map((line) => `    ${line}`).join("\n");
  return [
    `${rule.id} (${rule.severity}, ${rule.group}): ${rule.title}`,
    "",
    "Why it matters",
    `  ${rule.doc.why}`,
    "",
    "Example",
    indent(rule.doc.example),
    "",
    "Fix",
    `  ${rule.doc.fix}`,
    "",
    `Silence one finding with a comment on its line or the line above: # berth-ignore ${rule.id} <reason>`,
    `Turn it off or change its severity in the compose file: x-berth: { check: { disable: [${rule.id}] } }`,
    "",
  ].join("\n");
}

/** `berth check --list-rules`: one line per rule. */
export function listRules(rules: readonly Rule[]): string {
  const width = Math.max(...rules.map((rule) => rule.id.length));
  return `${rules.map((rule) => `${rule.id.padEnd(width)}  ${rule.severity.padEnd(7)}  ${rule.group.padEnd(12)}  ${rule.title}`).join("\n")}\n`;
}
