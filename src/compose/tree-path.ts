/** A position in a compose tree: keys of mappings and indexes of sequences. */
export type TreePath = readonly (string | number)[];

const separator = "\u001f";

/** A stable string key for a path (keys may contain dots, so dots cannot separate). */
export function pathKey(path: TreePath): string {
  return path.join(separator);
}

/** `services.web.ports`: the dotted form compose uses in its messages. */
export function formatPath(path: TreePath): string {
  return path.map(String).join(".");
}

/**
 * Whether a concrete path matches a pattern such as `services.*.ports`; `*` matches one
 * segment. Patterns are written with dots since table keys never contain dots themselves.
 */
export function matchesPattern(path: TreePath, pattern: string): boolean {
  const parts = pattern.split(".");
  if (parts.length !== path.length) return false;
  return parts.every((part, index) => part === "*" || part === String(path[index]));
}

/** Replaces concrete keys with `*` where the pattern table expects one, for a direct lookup. */
export function findPattern<T>(table: ReadonlyMap<string, T>, path: TreePath): T | undefined {
  for (const [pattern, value] of table) if (matchesPattern(path, pattern)) return value;
  return undefined;
}
