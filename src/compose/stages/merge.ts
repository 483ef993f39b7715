import { mergeRules } from "../tables/merge-rules.js";
import { ruleKey } from "../tables/rule-lookup.js";
import { unicityRules } from "../tables/unicity-rules.js";
import type { TreePath } from "../tree-path.js";
import { isTree, type TagMark, type Tree } from "./parse.js";

/**
 * Merges a later file into an earlier one (both canonical): mappings by key, sequences appended,
 * scalars replaced, except where tables/merge-rules.ts says otherwise. `!reset` and `!override`
 * marks of the later file first remove what they name from the earlier one.
 */
export function mergeTrees(base: Tree, override: Tree, tags: readonly TagMark[] = []): Tree {
  const cleared = tags.length === 0 ? base : removePaths(base, tags.map((tag) => tag.path));
  return mergeValue(cleared, override, []) as Tree;
}

export function mergeValue(base: unknown, override: unknown, path: TreePath): unknown {
  const rule = path.length > 0 ? mergeRules.get(ruleKey(path)) : undefined;
  if (rule) return rule(base, override, path, mergeValue);
  if (override === null || override === undefined) return base;
  if (isTree(base) && isTree(override)) return mergeMappings(base, override, path);
  if (Array.isArray(base) && Array.isArray(override)) return [...base, ...override];
  return override;
}

// Extension keys (`x-*`) are opaque to compose: a later file replaces them whole.
function mergeMappings(base: Tree, override: Tree, path: TreePath): Tree {
  const result: Tree = { ...base };
  for (const [key, value] of Object.entries(override)) {
    result[key] = key in base && !key.startsWith("x-") ? mergeValue(base[key], value, [...path, key]) : value;
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

/** Keeps one entry per unicity key in each listed sequence: first position, last value. */
export function enforceUnicity(services: Tree): Tree {
  const result: Tree = {};
  for (const [name, service] of Object.entries(services)) {
    if (!isTree(service)) {
      result[name] = service;
      continue;
    }
    result[name] = dedupeService(service);
  }
  return result;
}

function dedupeService(service: Tree): Tree {
  const copy: Tree = { ...service };
  for (const [pattern, keyOf] of unicityRules) {
    const [, , ...fieldPath] = pattern.split(".");
    const parent = fieldPath.length === 2 ? copy[fieldPath[0] ?? ""] : copy;
    const key = fieldPath[fieldPath.length - 1] ?? "";
    if (!isTree(parent) || !Array.isArray(parent[key])) continue;
    const deduped = dedupe(parent[key] as unknown[], keyOf);
    if (fieldPath.length === 2) copy[fieldPath[0] ?? ""] = { ...parent, [key]: deduped };
    else copy[key] = deduped;
  }
  return copy;
}

function dedupe(items: readonly unknown[], keyOf: (item: unknown) => string): unknown[] {
  const positions = new Map<string, number>();
  const result: unknown[] = [];
  for (const item of items) {
    const key = keyOf(item);
    const at = positions.get(key);
    if (at === undefined) {
      positions.set(key, result.length);
      result.push(item);
    } else result[at] = item;
  }
  return result;
}
