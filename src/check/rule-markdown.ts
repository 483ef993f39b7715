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
const severityPolicy = [
  "## Severity policy",
  "",
  "- **error**: as written, this will fail at deploy time (compose refuses the file, a build step or a mount fails, a",
  "  container cannot start or never becomes healthy, a connection cannot succeed) or it leaks (a secret baked into an",
  "  image, a publicly known secret or placeholder in use, a debugger on all interfaces). `berth check` exits 1.",
  "- **warning**: likely wrong, but it depends on intent (a literal password in a committed file, an unpinned image,",
  "  the Docker socket given to a proxy, an empty variable the app may handle, depends_on without readiness).",
  "- **info**: hygiene and berth's own opinions (no healthcheck, no restart policy, runs as root).",
  "",
  "A rule may report a weaker variant below its default severity (the `severity` column): e.g. a missing bind source is",
  "an error for a file the container reads, info for an output folder Docker creates. Every profile is checked unless",
  "`--profile` is given; each problem is reported once, naming every service it touches (YAML anchors, shared builds),",
  "and related secret rules on one line fold into the most severe. `x-berth.check` overrides severities per project.",
];

export function rulesIndexMarkdown(rules: readonly Rule[]): string {
  const sections = (Object.keys(groupTitles) as Rule["group"][]).map((group) => {
    const rows = rules.filter((rule) => rule.group === group).map((rule) => `| [${rule.id}](${rule.id}.md) | ${rule.severity} | ${rule.title} |`);
    return [`## ${groupTitles[group]}`, "", "| rule | severity | what it finds |", "|---|---|---|", ...rows, ""].join("\n");
  });
  return [`# berth check rules (${rules.length})`, "", "`berth check --explain RULE` prints a rule's page; `berth check --list-rules` lists them.", "", ...severityPolicy, "", ...sections].join("\n");
}
