/** Shapes shared by the canonical rules: `KEY=VALUE` lists and mappings with scalar values. */

/** A scalar as compose prints it inside string maps: numbers and booleans as text. */
export function scalarText(value: unknown): string {
  return typeof value === "string" ? value : String(value);
}

/** `[A=1, B]` or `{A: 1, B: null}` into `{A: "1", B: null}` (null: take from the environment). */
export function toKeyValueMap(value: unknown, missing: null | "" = null): Record<string, string | null> {
  const result: Record<string, string | null> = {};
  if (Array.isArray(value)) {
    for (const item of value) {
      const text = scalarText(item);
      const equals = text.indexOf("=");
      if (equals < 0) result[text] = missing;
      else result[text.slice(0, equals)] = text.slice(equals + 1);
    }
    return result;
  }
  if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) result[key] = item === null ? missing : scalarText(item);
  }
  return result;
}

/** A string or a list of strings, always as a list. */
export function toList(value: unknown): unknown[] {
  if (value === null || value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
