import type { TreePath } from "../tree-path.js";

/**
 * The table key for a concrete path: the second segment (a service or resource name) becomes
 * `*`, so `services.web.ports` looks up `services.*.ports` in one step. Every table in
 * tables/ is keyed this way.
 */
export function ruleKey(path: TreePath): string {
  return path.map((segment, index) => (index === 1 ? "*" : String(segment))).join(".");
}
