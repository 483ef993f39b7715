import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Alias, type Document, type Node, type YAMLError } from "yaml";
import { ConfigError, type SourceLocation } from "../../common/errors.js";
import { kindOf, looksLikeCompose, notComposeError, secretAt, treeLooksLikeCompose, withoutQuotedSource } from "./not-compose.js";
import { PathSourceMap } from "../source-map.js";
import type { TreePath } from "../tree-path.js";
import type { ComposeFileText } from "./read.js";

/** A plain tree: what YAML mappings, sequences and scalars become. */
export type Tree = { [key: string]: unknown };

/** `!reset` drops an inherited value, `!override` replaces it instead of merging. */
export interface TagMark {
  readonly path: TreePath;
  readonly kind: "reset" | "override";
}

/** One compose file as a plain tree, with the position of every key and the merge tags. */
export interface ParsedFile {
  readonly file: string;
  readonly tree: Tree;
  readonly sourceMap: PathSourceMap;
  readonly tags: readonly TagMark[];
}

interface Walk {
  readonly file: string;
  readonly doc: Document;
  readonly lines: LineCounter;
  readonly sourceMap: PathSourceMap;
  readonly tags: TagMark[];
  /** Nodes still allowed to be copied through aliases: a guard against "billion laughs". */
  aliasBudget: number;
  /** The outermost alias being copied, if any: where an exhausted budget is reported. */
  copyingFrom: Node | undefined;
  /** The collections being converted, outermost first: an alias to one of them never ends. */
  readonly open: Set<Node>;
  readonly targets: Map<Alias, Node | undefined>;
  /** Every anchored node by anchor name, in document order; made on the first alias. */
  anchors: Map<string, Node[]> | undefined;
}

const maxAliasedNodes = 100_000;

/**
 * Parses YAML 1.2 (core schema: `no` stays a string, as in compose), keeping positions.
 * Duplicate keys are reported by us so the message names both lines.
 */
export function parseComposeFile(input: ComposeFileText): ParsedFile {
  const lines = new LineCounter();
  const doc = withinStack(input.file, () => parseDocument(input.text, { lineCounter: lines, uniqueKeys: false, schema: "core" }));
  const first = doc.errors[0];
  if (first?.code === "MULTIPLE_DOCS") {
    throw new ConfigError("compose.parse", `${input.file} holds several YAML documents (---)`, {
      location: { file: input.file, line: first.linePos?.[0]?.line ?? 1, column: 1 },
      hint: "put each document in its own file and pass them in order with -f",
    });
  }
  if (first) throw syntaxError(input.file, first, doc);
  const walk: Walk = { file: input.file, doc, lines, sourceMap: new PathSourceMap(), tags: [], aliasBudget: maxAliasedNodes, copyingFrom: undefined, open: new Set(), targets: new Map(), anchors: undefined };
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) {
    throw new ConfigError("compose.empty", `${input.file}: empty compose file`, {
      location: { file: input.file, line: 1, column: 1 },
      hint: "add a `services:` section, or leave the file out",
    });
  }
  const tree = withinStack(input.file, () => toPlain(doc.contents as Node, [], walk));
  if (tree === null || typeof tree !== "object" || Array.isArray(tree)) throw notComposeError(input.file, `top level is ${kindOf(tree)}`);
  // Plain words (`servcies:`) are a compose file's typo, which validation names at its line.
  if (!treeLooksLikeCompose(tree as Tree) && Object.keys(tree).some((key) => !plainWord.test(key))) {
    throw notComposeError(input.file, "none of its top-level keys is one compose defines (services, include, volumes, ...)");
  }
  return { file: input.file, tree: tree as Tree, sourceMap: walk.sourceMap, tags: walk.tags };
}

const deepHint = "compose files nest a few levels: look for a block repeated with growing indentation, or unclosed [ or {";

/**
 * Runs a recursive step of parsing: nesting thousands of levels deep (a block repeated with
 * growing indentation, `[[[[...`) overflows the stack of the YAML parser and of our walk, which
 * is the file's problem, not a bug.
 */
function withinStack<T>(file: string, step: () => T): T {
  try {
    return step();
  } catch (error) {
    if (!(error instanceof RangeError) || !/call stack/i.test(error.message)) throw error;
    throw new ConfigError("compose.parse", `${file}: YAML nested too deeply to read (thousands of levels)`, {
      location: { file, line: 1, column: 1 },
      hint: deepHint,
    });
  }
}

/**
 * A YAML syntax error. The parser's message may quote the text at the error: it is kept for a
 * file that looks like a compose file (a mapping with a compose key, as far as it parsed), except
 * under a key whose name looks secret; any other file is only said not to be a compose file.
 */
function syntaxError(file: string, error: YAMLError, doc: Document): ConfigError {
  const pos = error.linePos?.[0];
  const location = { file, line: pos?.line ?? 1, column: pos?.col ?? 1 };
  const firstLine = error.message.split("\n")[0] ?? error.message;
  if (/Maximum call stack/i.test(firstLine)) {
    return new ConfigError("compose.parse", `${file}: YAML nested too deeply to read (thousands of levels)`, { location, hint: deepHint });
  }
  if (!looksLikeCompose(doc.contents)) return notComposeError(file, `it does not parse as YAML (line ${location.line}, column ${location.column})`, location.line, location.column);
  const shown = secretAt(doc, error.pos[0]) ? `${withoutQuotedSource(firstLine).replace(/:$/, "")} (the text is not shown: it is under a key whose name looks secret)` : firstLine;
  return new ConfigError("compose.parse", `failed to parse ${file}: ${shown}`, {
    location,
    hint: "fix the YAML syntax at this position",
  });
}

/** A key a person could have meant as a compose key. */
const plainWord = /^[A-Za-z][\w.-]{0,39}$/;

function locationOf(node: Node | null | undefined, walk: Walk): SourceLocation | undefined {
  const offset = node?.range?.[0];
  if (offset === undefined) return undefined;
  const { line, col } = walk.lines.linePos(offset);
  return { file: walk.file, line, column: col };
}

function toPlain(node: Node | null | undefined, path: TreePath, walk: Walk): unknown {
  if (node === null || node === undefined) return null;
  chargeCopy(walk);
  if (isAlias(node)) return aliased(resolveAlias(node, walk), path, walk, node);
  if (isMap(node) || isSeq(node)) {
    walk.open.add(node);
    try {
      if (isMap(node)) return mapToPlain(node.items as { key: unknown; value: unknown }[], path, walk);
      return node.items.map((item, index) => seqItem(item as Node, [...path, index], walk));
    } finally {
      walk.open.delete(node);
    }
  }
  if (isScalar(node)) return scalarValue(node);
  return null;
}

function aliased(target: Node | undefined, path: TreePath, walk: Walk, alias: Node): unknown {
  checkAlias(target, walk, alias);
  return copying(walk, alias, () => toPlain(target, path, walk));
}

/**
 * Runs a conversion that copies an aliased node, charging every node it converts (nested
 * aliases included) to the document's budget: the work done, not the size of the anchor.
 */
function copying<T>(walk: Walk, alias: Node, convert: () => T): T {
  const outer = walk.copyingFrom;
  walk.copyingFrom = alias;
  try {
    return convert();
  } finally {
    walk.copyingFrom = outer;
  }
}

function chargeCopy(walk: Walk): void {
  if (walk.copyingFrom === undefined || --walk.aliasBudget >= 0) return;
  throw new ConfigError("compose.parse", `${walk.file}: document contains excessive aliasing`, {
    location: locationOf(walk.copyingFrom, walk) ?? { file: walk.file, line: 1, column: 1 },
    hint: "expand fewer nested aliases (anchors that repeat anchors grow exponentially)",
  });
}

// yaml's Alias.resolve walks the whole document for each alias: a file of thousands of aliases
// (`<<: *a` on every line) made parsing quadratic (4,000 lines: 49 s). The anchors are indexed
// once; an alias names the last anchor of its name before it, as in YAML.
function resolveAlias(alias: Alias, walk: Walk): Node | undefined {
  if (walk.targets.has(alias)) return walk.targets.get(alias);
  walk.anchors ??= indexAnchors(walk.doc);
  const at = alias.range?.[0] ?? Number.MAX_SAFE_INTEGER;
  const target = (walk.anchors.get(alias.source) ?? []).filter((node) => (node.range?.[0] ?? 0) < at).at(-1);
  if (target === undefined) {
    throw new ConfigError("compose.parse", `${walk.file}: alias *${alias.source} has no anchor &${alias.source} before it`, {
      location: locationOf(alias, walk) ?? { file: walk.file, line: 1, column: 1 },
      hint: `define &${alias.source} on a node above this line, or fix the alias's name`,
    });
  }
  walk.targets.set(alias, target);
  return target;
}

/** The anchored nodes of a document by name, in document order (walked with a list, not recursion). */
function indexAnchors(doc: Document): Map<string, Node[]> {
  const anchors = new Map<string, Node[]>();
  const pending: unknown[] = [doc.contents];
  const ordered: Node[] = [];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    if (isMap(node)) for (const pair of node.items) pending.push(pair.key, pair.value);
    else if (isSeq(node)) pending.push(...node.items);
    if ((isMap(node) || isSeq(node) || isScalar(node)) && node.anchor) ordered.push(node);
  }
  ordered.sort((a, b) => (a.range?.[0] ?? 0) - (b.range?.[0] ?? 0));
  for (const node of ordered) anchors.set(node.anchor!, [...(anchors.get(node.anchor!) ?? []), node]);
  return anchors;
}

/** Refuses an alias that would contain itself. */
function checkAlias(target: Node | undefined, walk: Walk, alias: Node): void {
  if (target && walk.open.has(target)) {
    const name = isAlias(alias) ? alias.source : "";
    throw new ConfigError("compose.parse", `${walk.file}: alias *${name} is used inside the node its anchor &${name} marks, which would contain itself`, {
      location: locationOf(alias, walk) ?? { file: walk.file, line: 1, column: 1 },
      hint: `move *${name} out of the &${name} node, or anchor a smaller node`,
    });
  }
}

function seqItem(item: Node, path: TreePath, walk: Walk): unknown {
  const location = locationOf(item, walk);
  if (location) walk.sourceMap.set(path, location);
  return toPlain(item, path, walk);
}

function mapToPlain(pairs: { key: unknown; value: unknown }[], path: TreePath, walk: Walk): Tree {
  const result: Tree = {};
  const seenAt = new Map<string, number>();
  const merged: Tree[] = [];
  for (const pair of pairs) {
    const keyNode = pair.key as Node | null;
    const key = keyText(keyNode);
    if (key === "<<") {
      merged.push(...mergeSources(pair.value as Node, path, walk));
      continue;
    }
    const location = locationOf(keyNode, walk);
    if (key === "__proto__") throw protoKeyError(path, location, walk.file);
    checkDuplicate(seenAt, key, location, walk.file);
    const childPath = [...path, key];
    if (location) walk.sourceMap.set(childPath, location);
    const valueNode = pair.value as Node | null;
    const tag = valueNode && "tag" in valueNode ? valueNode.tag : undefined;
    if (tag === "!reset") walk.tags.push({ path: childPath, kind: "reset" });
    if (tag === "!override") walk.tags.push({ path: childPath, kind: "override" });
    if (tag === "!reset") continue;
    result[key] = toPlain(valueNode, childPath, walk);
  }
  // Merge keys (`<<: *anchor`) fill in only what the mapping does not set itself.
  for (const source of merged) for (const [key, value] of Object.entries(source)) if (!(key in result)) result[key] = value;
  return result;
}

function mergeSources(value: Node, path: TreePath, walk: Walk): Tree[] {
  if (!isAlias(value)) return mergeNodes(value, path, walk);
  const resolved = resolveAlias(value, walk) as Node;
  checkAlias(resolved, walk, value);
  return copying(walk, value, () => mergeNodes(resolved, path, walk));
}

function mergeNodes(value: Node, path: TreePath, walk: Walk): Tree[] {
  const nodes = isSeq(value) ? (value.items as Node[]) : [value];
  return nodes.map((node) => toPlain(node, path, walk)).filter((tree): tree is Tree => isTree(tree));
}

// JavaScript objects give `__proto__` a meaning of its own: as a key it would set the prototype
// of the mapping instead of adding an entry, and every later stage would misread the file.
function protoKeyError(path: TreePath, location: SourceLocation | undefined, file: string): ConfigError {
  const where = path.length === 0 ? "at the top level" : `under ${path.join(".")}`;
  return new ConfigError("compose.reserved-key", `the key "__proto__" ${where} is not supported by berth`, {
    location: location ?? { file, line: 1, column: 1 },
    hint: path.length === 1 && path[0] === "services" ? "rename the service (for example `proto`)" : 'rename the key: "__proto__" is reserved in JavaScript, which berth is written in',
  });
}

function checkDuplicate(seenAt: Map<string, number>, key: string, location: SourceLocation | undefined, file: string) {
  const line = location?.line ?? 0;
  const previous = seenAt.get(key);
  if (previous !== undefined) {
    throw new ConfigError("compose.duplicate-key", `mapping key "${key}" already defined at line ${previous}`, {
      ...(location ? { location } : { location: { file, line, column: 1 } }),
      hint: `remove one of the two "${key}" keys (lines ${previous} and ${line})`,
    });
  }
  seenAt.set(key, line);
}

function keyText(node: Node | null): string {
  if (node === null) return "";
  if (isScalar(node)) return node.value === null ? "" : String(node.value);
  return String(node.toJSON());
}

// go-yaml reads plain `0440` as octal (file modes); the YAML 1.2 core schema would say 440.
function scalarValue(node: { value: unknown; source?: string; type?: string }): unknown {
  const source = node.source;
  if (node.type === "PLAIN" && typeof source === "string" && /^0[0-7]+$/.test(source)) return parseInt(source, 8);
  return node.value;
}

export function isTree(value: unknown): value is Tree {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
