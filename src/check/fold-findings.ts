import type { Finding } from "./finding.js";
import { severityRank } from "./finding.js";

/**
 * Rules that see one problem from different sides: a weak literal password is a placeholder, a
 * literal and a weak credential at once. At one line, the first of a group present is kept (the
 * most severe, then this order) and names the others.
 */
const relatedRules: readonly (readonly string[])[] = [["placeholder-secret", "weak-or-default-credential", "literal-secret-in-compose", "credentials-in-url"]];

/**
 * Reports each problem once. A YAML anchor, a shared build or an nginx config used by several
 * services yields one finding per service at the same place: they become one finding naming every
 * service (JSON and SARIF keep one result per location). Related rules at one line fold as well.
 */
export function foldFindings(findings: readonly Finding[]): Finding[] {
  return foldRelated(foldSamePlace(findings));
}

function foldSamePlace(findings: readonly Finding[]): Finding[] {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const key = `${finding.rule}\0${finding.file}\0${finding.line}\0${finding.column}`;
    groups.set(key, [...(groups.get(key) ?? []), finding]);
  }
  return [...groups.values()].map((group) => {
    const messages = [...new Set(group.map((finding) => finding.message))];
    const first = group.reduce((worst, finding) => (severityRank(finding.severity) > severityRank(worst.severity) ? finding : worst));
    return messages.length === 1 ? first : { ...first, message: mergeMessages(messages) };
  });
}

/** Messages that differ in one word (the service name) become one message listing each. */
export function mergeMessages(messages: readonly string[]): string {
  const split = messages.map((message) => message.split(" "));
  const length = split[0]!.length;
  const differing = split[0]!.map((_, index) => index).filter((index) => split.some((words) => words.length !== length || words[index] !== split[0]![index]));
  if (split.every((words) => words.length === length) && differing.length === 1) {
    const at = differing[0]!;
    const variants = [...new Set(split.map((words) => words[at]!))];
    return [...split[0]!.slice(0, at), variants.join(", "), ...split[0]!.slice(at + 1)].join(" ");
  }
  return `${messages[0]!} (and ${messages.length - 1} more at this place: ${messages.slice(1).join("; ")})`;
}

function foldRelated(findings: readonly Finding[]): Finding[] {
  const dropped = new Set<Finding>();
  const notes = new Map<Finding, string[]>();
  for (const group of relatedRules) {
    const byLine = new Map<string, Finding[]>();
    for (const finding of findings.filter((candidate) => group.includes(candidate.rule))) {
      const key = `${finding.file}\0${finding.line}`;
      byLine.set(key, [...(byLine.get(key) ?? []), finding]);
    }
    for (const together of byLine.values()) {
      if (together.length < 2) continue;
      const [kept, ...others] = [...together].sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || group.indexOf(a.rule) - group.indexOf(b.rule));
      for (const other of others) dropped.add(other);
      notes.set(kept!, others.map((other) => other.rule));
    }
  }
  return findings.filter((finding) => !dropped.has(finding)).map((finding) => {
    const also = notes.get(finding);
    return also === undefined ? finding : { ...finding, message: `${finding.message} (also ${[...new Set(also)].join(", ")})` };
  });
}
