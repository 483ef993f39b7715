/** Comparison rules of the conformance corpus (see its README): subset, exact, absent pointers. */

const escapePointer = (key: string | number) => String(key).replace(/~/g, "~0").replace(/\//g, "~1");

/** The first JSON pointer where `actual` does not contain `expected` as a subset; undefined if it does. */
export function firstSubsetDifference(expected: unknown, actual: unknown, pointer = ""): string | undefined {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return pointer || "/";
    for (const [index, item] of expected.entries()) {
      const difference = firstSubsetDifference(item, actual[index], `${pointer}/${index}`);
      if (difference !== undefined) return difference;
    }
    return undefined;
  }
  if (expected !== null && typeof expected === "object") {
    if (actual === null || typeof actual !== "object" || Array.isArray(actual)) return pointer || "/";
    for (const [key, item] of Object.entries(expected)) {
      const child = `${pointer}/${escapePointer(key)}`;
      if (!(key in actual)) return child;
      const difference = firstSubsetDifference(item, (actual as Record<string, unknown>)[key], child);
      if (difference !== undefined) return difference;
    }
    return undefined;
  }
  return expected === actual ? undefined : pointer || "/";
}

/** The first pointer where the two values are not deep-equal (keys both ways). */
export function firstExactDifference(expected: unknown, actual: unknown, pointer = ""): string | undefined {
  const subset = firstSubsetDifference(expected, actual, pointer);
  if (subset !== undefined) return subset;
  if (expected !== null && typeof expected === "object" && !Array.isArray(expected) && actual !== null && typeof actual === "object") {
    for (const [key, item] of Object.entries(actual)) {
      const child = `${pointer}/${escapePointer(key)}`;
      if (!(key in expected)) return `${child} (unexpected)`;
      const difference = firstExactDifference((expected as Record<string, unknown>)[key], item, child);
      if (difference !== undefined) return difference;
    }
  }
  if (Array.isArray(expected) && Array.isArray(actual)) {
    for (const [index, item] of expected.entries()) {
      const difference = firstExactDifference(item, actual[index], `${pointer}/${index}`);
      if (difference !== undefined) return difference;
    }
  }
  return undefined;
}

/** Whether an RFC 6901 pointer resolves in the value. */
export function pointerExists(value: unknown, pointer: string): boolean {
  let current: unknown = value;
  for (const raw of pointer.split("/").slice(1)) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (current === null || typeof current !== "object" || !(key in current)) return false;
    current = (current as Record<string, unknown>)[key];
  }
  return true;
}

/** Replaces `{{CASE_DIR}}` in every string of the expected output. */
export function withCaseDir(value: unknown, caseDir: string): unknown {
  if (typeof value === "string") return value.replaceAll("{{CASE_DIR}}", caseDir);
  if (Array.isArray(value)) return value.map((item) => withCaseDir(item, caseDir));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withCaseDir(item, caseDir)]));
  }
  return value;
}
