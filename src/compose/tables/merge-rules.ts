import type { TreePath } from "../tree-path.js";

/** How a later file's value combines with an earlier one at a given path. */
export type MergeRule = (base: unknown, override: unknown, path: TreePath, merge: MergeFn) => unknown;
export type MergeFn = (base: unknown, override: unknown, path: TreePath) => unknown;

type Obj = Record<string, unknown>;
const isObj = (value: unknown): value is Obj => value !== null && typeof value === "object" && !Array.isArray(value);

const replace: MergeRule = (base, override) => (override === null || override === undefined ? base : override);

/**
 * The exceptions to "mappings merge by key, sequences append, scalars replace"
 * (compose-go `override/merge.go`). Keys are rule keys (tables/rule-lookup.ts).
 */
export const mergeRules: ReadonlyMap<string, MergeRule> = new Map<string, MergeRule>([
  ["services.*.command", replace],
  ["services.*.entrypoint", replace],
  ["services.*.healthcheck.test", replace],
  ["services.*.logging", mergeLogging],
  ["services.*.ulimits", mergeByKeyReplacing],
  // A later `KEY:` without value means "take it from the shell" and wins like any value.
  ["services.*.environment", mergeByKeyReplacing],
  ["services.*.build.args", mergeByKeyReplacing],
  ["services.*.extends", replace],
]);

// Options only combine when both files mean the same driver.
function mergeLogging(base: unknown, override: unknown, path: TreePath, merge: MergeFn): unknown {
  if (!isObj(base) || !isObj(override)) return replace(base, override, path, merge);
  const baseDriver = base["driver"];
  const overrideDriver = override["driver"];
  if (baseDriver !== undefined && overrideDriver !== undefined && baseDriver !== overrideDriver) return override;
  const options = merge(base["options"] ?? {}, override["options"] ?? {}, [...path, "options"]);
  return { ...base, ...override, ...(Object.keys(options as Obj).length > 0 ? { options } : {}) };
}

function mergeByKeyReplacing(base: unknown, override: unknown): unknown {
  if (!isObj(base) || !isObj(override)) return override ?? base;
  return { ...base, ...override };
}
