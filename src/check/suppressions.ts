import type { FileTree } from "./files/file-tree.js";
import type { Location } from "./finding.js";

const ignoreComment = /#\s*berth-ignore\s+([\w,\s-]+)/;

/**
 * Whether a `# berth-ignore RULE[,RULE] reason` comment on the finding's line or the line above
 * it silences the rule. Works in every file whose syntax has `#` comments (compose, Dockerfile,
 * nginx, .env, .dockerignore).
 */
export function createSuppressionCheck(files: FileTree): (rule: string, at: Location) => boolean {
  const lines = new Map<string, readonly string[]>();
  const linesOf = (file: string) => {
    if (!lines.has(file)) lines.set(file, (files.readText(file) ?? "").split(/\r?\n/));
    return lines.get(file) ?? [];
  };
  return (rule, at) => {
    const text = linesOf(at.file);
    return [text[at.line - 1], text[at.line - 2]].some((line) => namesRule(line, rule));
  };
}

function namesRule(line: string | undefined, rule: string): boolean {
  const match = line === undefined ? null : ignoreComment.exec(line);
  if (!match) return false;
  return (match[1] ?? "").split(/[\s,]+/).some((word) => word === rule || word === "all");
}
