/** Levenshtein distance, small strings only (names, ids). */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(above + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/**
 * The known name a typo most likely meant: the same name in another case, or one at most a third
 * of its letters away (at least one); none for an exact name or nothing close.
 */
export function closestName(wanted: string, known: Iterable<string>): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    if (name === wanted) continue;
    const distance = editDistance(wanted.toLowerCase(), name.toLowerCase());
    if ( distance <= Math.max(1, Math.floor(wanted.length / 3)) && (best === undefined || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}
