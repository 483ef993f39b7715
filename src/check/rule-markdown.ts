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

const groupTitles: Record<Rule["group"], string> = {
  compose: "Compose", dockerfile: "Dockerfile", dockerignore: ".dockerignore and build context", nginx: "nginx", env: "Env and secrets", "cross-file": "Cross-file (the stack as a whole)",
};

/** docs/rules/README.md: every rule, grouped by what it reads. */
export function rulesIndexMarkdown(rules: readonly Rule[]): string {
  const sections = (Object.keys(groupTitles) as Rule["group"][]).map((group) => {
    const rows = rules.filter((rule) => rule.group === group).map((rule) => `| [${rule.id}](${rule.id}.md) | ${rule.severity} | ${rule.title} |`);
    return [`## ${groupTitles[group]}`, "", "| rule | severity | what it finds |", "|---|---|---|", ...rows, ""].join("\n");
  });
  return [`# berth check rules (${rules.length})`, "", "`berth check --explain RULE` prints a rule's page; `berth check --list-rules` lists them.", "", ...sections].join("\n");
}
