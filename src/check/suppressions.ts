import type { FileTree } from "./files/file-tree.js";
import type { Location } from "./finding.js";

const ignoreComment = /#\s*berth-ignore\s+([\w,\s-]+)/;

/**
 * Whether a `# berth-ignore RULE[,RULE] reason` comment on the finding's line or the line above
 * it silences the rule. Works in every file whose syntax has `#` comments (compose, Dockerfile,
 * nginx, .env, .dockerignore).
 */
export function createSuppressionCheck(files: FileTree): (rule: string, at: Location) => string | undefined {
  const lines = new Map<string, readonly string[]>();
  const linesOf = (file: string) => {
    if (!lines.has(file)) lines.set(file, (files.readText(file) ?? "").split(/\r?\n/));
    return lines.get(file) ?? [];
  };
  return (rule, at) => {
    const text = linesOf(at.file);
    return [text[at.line - 1], text[at.line - 2]].map((line) => justificationFor(line, rule)).find((reason) => reason !== undefined);
  };
}

// The comment's text after the rule ids is the justification SARIF reports ("" when none is given).
function justificationFor(line: string | undefined, rule: string): string | undefined {
  const match = line === undefined ? null : ignoreComment.exec(line);
  if (!match) return undefined;
  const words = (match[1] ?? "").trim().split(/[\s,]+/);
  const named = words.findIndex((word) => word === rule || word === "all");
  if (named < 0) return undefined;
  const after = (line ?? "").slice((match.index ?? 0) + match[0].length);
  return [...words.slice(named + 1).filter((word) => !/^[a-z0-9]+(-[a-z0-9]+)+$/.test(word)), after].join(" ").replace(/^[\s:—-]+/, "").trim();
}
