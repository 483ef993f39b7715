import { isMap, isScalar, isSeq, type Document, type Node } from "yaml";
import { ConfigError } from "../../common/errors.js";
import { isSecretName } from "../../common/redact.js";

// A file given as a compose file may be anything (`-f /etc/shadow`, a log, a README): its
// errors must not quote it. A file is taken for a compose file when its top level is a mapping
// with at least one key compose defines (or an `x-` extension); only then do errors quote what
// the YAML parser saw, and never the value of a key whose name looks secret.

/** The top-level keys of the compose specification. */
const composeTopLevelKeys = new Set(["version", "name", "include", "services", "networks", "volumes", "secrets", "configs", "models"]);

/** True when a parsed (possibly partial) document's top level is a mapping with a compose key. */
export function looksLikeCompose(contents: unknown): boolean {
  if (!isMap(contents)) return false;
  return contents.items.some((pair) => {
    const key = isScalar(pair.key) ? pair.key.value : pair.key;
    return typeof key === "string" && (composeTopLevelKeys.has(key) || key.startsWith("x-"));
  });
}

/** The same test on a plain tree (after parsing). */
export function treeLooksLikeCompose(tree: Readonly<Record<string, unknown>>): boolean {
  return Object.keys(tree).some((key) => composeTopLevelKeys.has(key) || key.startsWith("x-"));
}

/** What a top level that is not a mapping is, in words. */
export function kindOf(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  if (typeof value === "string") return "a string";
  if (typeof value === "number" || typeof value === "bigint") return "a number";
  if (typeof value === "boolean") return "a boolean";
  return "not a mapping";
}

/** The error for a file that is not a compose file; it names the file and line, never its text. */
export function notComposeError(file: string, what: string, line = 1, column = 1): ConfigError {
  return new ConfigError("compose.not-compose", `${file} is not a compose file: ${what}`, {
    location: { file, line, column },
    hint: "pass a compose file with -f (a YAML mapping with keys such as `services:`); berth does not print the content of other files",
  });
}

/**
 * True when `offset` lies under a key whose name looks secret (`DB_PASSWORD: "hunter2`), or in
 * a `KEY=VALUE` list item whose name does, in the (partial) document the parser made: a syntax
 * error there must not quote the text.
 */
export function secretAt(doc: Document, offset: number): boolean {
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : "";
        const start = (pair.key as Node | null)?.range?.[0];
        const end = (pair.value as Node | null)?.range?.[2] ?? (pair.key as Node | null)?.range?.[2];
        if (start === undefined || end === undefined || offset < start || offset > end) continue;
        if (isSecretName(key)) return true;
        stack.push(pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) {
        const range = (item as Node | null)?.range;
        if (range === undefined || range === null || offset < range[0] || offset > range[2]) continue;
        if (isScalar(item) && typeof item.value === "string" && isSecretName(item.value.split("=")[0] ?? "")) return true;
        stack.push(item);
      }
    }
  }
  return false;
}

/**
 * A parser message without the source text some of them quote (`... in YAML stream: "text"`,
 * `... extra characters: text`, `Not a YAML token: text`); the position stays.
 */
export function withoutQuotedSource(message: string): string {
  const at = / at line \d+, column \d+:?$/.exec(message)?.[0] ?? "";
  const body = message.slice(0, message.length - at.length);
  return body.replace(/: ".*$/s, "").replace(/(characters|token): .*$/s, "$1") + at;
}
