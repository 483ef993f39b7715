import { isMap, isPair, isScalar, isSeq, LineCounter, type Document, type Node } from "yaml";
import type { SourceMap } from "../../compose/model/project.js";

/** A SourceMap over one parsed YAML document: paths walk maps by key and sequences by index. */
export function yamlSourceMap(file: string, document: Document, lines: LineCounter): SourceMap {
  const positionOf = (node: Node | null | undefined) => {
    const offset = node?.range?.[0];
    if (offset === undefined) return undefined;
    const { line, col } = lines.linePos(offset);
    return { file, line, column: col };
  };
  const walk = (path: readonly (string | number)[], exact: boolean) => {
    let node: unknown = document.contents;
    let found = positionOf(node as Node);
    for (const segment of path) {
      const next = childOf(node, segment);
      if (!next) return exact ? undefined : found;
      found = positionOf(next.key ?? (next.value as Node)) ?? found;
      node = next.value;
    }
    return found;
  };
  return { locate: (path) => walk(path, true), locateNearest: (path) => walk(path, false) };
}

function childOf(node: unknown, segment: string | number): { key?: Node; value: unknown } | undefined {
  if (isMap(node)) {
    const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment));
    return pair ? { key: pair.key as Node, value: pair.value } : undefined;
  }
  if (isSeq(node) && typeof segment === "number") {
    const item = node.items[segment];
    return item === undefined ? undefined : { value: item };
  }
  return undefined;
}
