import { mergeRules, type MergeFn } from "../tables/merge-rules.js";
import { ruleKey } from "../tables/rule-lookup.js";
import { unicityRules } from "../tables/unicity-rules.js";
import type { TreePath } from "../tree-path.js";
import { isTree, type TagMark, type Tree } from "./parse.js";

/**
 * Merges a later file into an earlier one (both canonical): mappings by key, sequences appended,
 * scalars replaced, except where tables/merge-rules.ts says otherwise. `!reset` and `!override`
 * marks of the later file first remove what they name from the earlier one.
 */
/** Told when a later list was appended after `baseLength` earlier items (its positions shift). */
export type AppendListener = (path: TreePath, baseLength: number) => void;

export function mergeTrees(base: Tree, override: Tree, tags: readonly TagMark[] = [], onAppend?: AppendListener): Tree {
  const cleared = tags.length === 0 ? base : removePaths(base, tags.map((tag) => tag.path));
  return mergeWith(onAppend)(cleared, override, []) as Tree;
}

/** Merges one value of a later file into the earlier one at `path`. */
export const mergeValue: MergeFn = (base, override, path) => mergeWith(undefined)(base, override, path);

function mergeWith(onAppend: AppendListener | undefined): MergeFn {
  const merge: MergeFn = (base, override, path) => {
    const rule = path.length > 0 ? mergeRules.get(ruleKey(path)) : undefined;
    if (rule) return rule(base, override, path, merge);
    if (override === null || override === undefined) return base;
    if (isTree(base) && isTree(override)) return mergeMappings(base, override, path, merge);
    if (Array.isArray(base) && Array.isArray(override)) {
      onAppend?.(path, base.length);
      return [...base, ...override];
    }
    return override;
  };
  return merge;
}

// Extension keys (`x-*`) are opaque to compose: a later file replaces them whole.
function mergeMappings(base: Tree, override: Tree, path: TreePath, merge: MergeFn): Tree {
  const result: Tree = { ...base };
  for (const [key, value] of Object.entries(override)) {
    result[key] = key in base && !key.startsWith("x-") ? merge(base[key], value, [...path, key]) : value;
  }
  return result;
}

/** Copies the tree without the given paths (copy-on-write along each path only). */
export function removePaths(tree: Tree, paths: readonly TreePath[]): Tree {
  let result = tree;
  for (const path of paths) result = removePath(result, path) as Tree;
  return result;
}

function removePath(node: unknown, path: TreePath): unknown {
  const [head, ...rest] = path;
  if (head === undefined || !isTree(node) || !(String(head) in node)) return node;
  const copy: Tree = { ...node };
  if (rest.length === 0) delete copy[String(head)];
  else copy[String(head)] = removePath(node[String(head)], rest);
  return copy;
}

/** Told when de-duplication renumbered a list: item `i` comes from item `oldIndexOf[i]`. */
export type ReindexListener = (path: TreePath, oldIndexOf: readonly number[]) => void;

/** Keeps one entry per unicity key in each listed sequence: first position, last value. */
export function enforceUnicity(services: Tree, onReindex?: ReindexListener): Tree {
  const result: Tree = {};
  for (const [name, service] of Object.entries(services)) {
    result[name] = isTree(service) ? dedupeService(name, service, onReindex) : service;
  }
  return result;
}

function dedupeService(name: string, service: Tree, onReindex: ReindexListener | undefined): Tree {
  const copy: Tree = { ...service };
  for (const [pattern, keyOf] of unicityRules) {
    const [, , ...fieldPath] = pattern.split(".");
    const parent = fieldPath.length === 2 ? copy[fieldPath[0] ?? ""] : copy;
    const key = fieldPath[fieldPath.length - 1] ?? "";
    if (!isTree(parent) || !Array.isArray(parent[key])) continue;
    const { items, oldIndexOf } = dedupe(parent[key] as unknown[], keyOf);
    if (items.length === (parent[key] as unknown[]).length) continue;
    onReindex?.(["services", name, ...fieldPath], oldIndexOf);
    if (fieldPath.length === 2) copy[fieldPath[0] ?? ""] = { ...parent, [key]: items };
    else copy[key] = items;
  }
  return copy;
}

function dedupe(list: readonly unknown[], keyOf: (item: unknown) => string): { items: unknown[]; oldIndexOf: number[] } {
  const positions = new Map<string, number>();
  const items: unknown[] = [];
  const oldIndexOf: number[] = [];
  list.forEach((item, index) => {
    const key = keyOf(item);
    const at = positions.get(key);
    if (at === undefined) {
      positions.set(key, items.length);
      oldIndexOf.push(index);
      items.push(item);
    } else {
      items[at] = item;
      oldIndexOf[at] = index;
    }
  });
  return { items, oldIndexOf };
}
