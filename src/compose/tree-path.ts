/** A position in a compose tree: keys of mappings and indexes of sequences. */
export type TreePath = readonly (string | number)[];

/** `services.web.ports`: the dotted form compose uses in its messages. */
export function formatPath(path: TreePath): string {
  return path.map(String).join(".");
}

/**
 * Whether a concrete path matches a pattern such as `services.*.ports`; `*` matches one
 * segment (a key or an index). Pattern segments never contain dots themselves.
 */
export function matchesPattern(path: TreePath, pattern: string): boolean {
  const parts = pattern.split(".");
  if (parts.length !== path.length) return false;
  return parts.every((part, index) => part === "*" || part === String(path[index]));
}
