import type { Rule } from "./rule.js";

/** The page docs/rules/<id>.md for one rule, generated from the rule's own doc. */
export function ruleMarkdown(rule: Rule): string {
  return [
    `# ${rule.id}`,
    "",
    `**${rule.title}** · severity \`${rule.severity}\` · reads: ${rule.group}`,
    "",
    "## Why it matters",
    "",
    rule.doc.why,
    "",
    "## Example",
    "",
    "```",
    rule.doc.example,
    "```",
    "",
    "## Fix",
    "",
    rule.doc.fix,
    "",
    "## Silence or tune",
    "",
    `- One finding: a comment on its line or the line above, \`# berth-ignore ${rule.id} <reason>\`.`,
    `- The whole rule: \`x-berth: { check: { disable: [${rule.id}] } }\`, or change its severity with \`severity: { ${rule.id}: info }\`.`,
    "",
    "_Generated from `src/check/rules/" + rule.id + ".ts`; `berth check --explain " + rule.id + "` prints the same._",
    "",
  ].join("\n");
}
