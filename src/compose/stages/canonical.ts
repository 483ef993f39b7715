import { ConfigError } from "../../common/errors.js";
import { canonicalRules, type CanonicalContext } from "../tables/canonical-rules.js";
import { ruleKey } from "../tables/rule-lookup.js";
import type { PathSourceMap } from "../source-map.js";
import type { TreePath } from "../tree-path.js";
import { isTree, type Tree } from "./parse.js";

const sections = ["services", "networks", "volumes", "secrets", "configs"] as const;

/** Rewrites every short syntax of one file into its long form (see tables/canonical-rules.ts). */
export function canonicalizeTree(tree: Tree, file: string, sourceMap: PathSourceMap): Tree {
  const result: Tree = { ...tree };
  for (const section of sections) {
    const entries = tree[section];
    if (!isTree(entries)) continue;
    result[section] = Object.fromEntries(
      Object.entries(entries).map(([name, value]) => [name, canonicalEntry(section, name, value, file, sourceMap)]),
    );
  }
  return result;
}

function canonicalEntry(section: string, name: string, value: unknown, file: string, sourceMap: PathSourceMap): unknown {
  const entryRule = canonicalRules.get(`${section}.*`);
  const entry = entryRule ? entryRule(value, contextFor([section, name], file, sourceMap)) : value;
  if (section !== "services" || !isTree(entry)) return entry;
  return canonicalService(name, entry, file, sourceMap);
}

/** Applies the `services.*.<field>` rules of one service. */
export function canonicalService(name: string, service: Tree, file: string, sourceMap: PathSourceMap): Tree {
  const result: Tree = {};
  for (const [field, value] of Object.entries(service)) {
    const path = ["services", name, field];
    const rule = canonicalRules.get(ruleKey(path));
    result[field] = rule && value !== null ? rule(value, contextFor(path, file, sourceMap)) : value;
  }
  return result;
}

function contextFor(path: TreePath, file: string, sourceMap: PathSourceMap): CanonicalContext {
  return {
    path,
    fail(message, hint, at = path) {
      const location = sourceMap.locateNearest(at) ?? { file, line: 1, column: 1 };
      throw new ConfigError("compose.syntax", `${at.join(".")}: ${message}`, { location, hint });
    },
    reindex: (oldIndexOf) => sourceMap.reindex(path, oldIndexOf),
  };
}
