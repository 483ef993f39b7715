/** The part of a stored backup that retention looks at. */
export interface RetentionEntry {
  readonly id: string;
  readonly createdAt: string;
  /** The drill passed, or was skipped: a failed backup never counts as one of the N kept. */
  readonly good: boolean;
}

/**
 * Which backups of one service to delete so that the `keep` newest good ones remain. A failed
 * backup newer than the oldest kept one stays for inspection; older failed ones go.
 */
export function selectExpired(entries: readonly RetentionEntry[], keep: number): RetentionEntry[] {
  const newestFirst = [...entries].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
  const kept = newestFirst.filter((entry) => entry.good).slice(0, keep);
  const oldestKept = kept.at(-1);
  return newestFirst.filter((entry) => {
    if (kept.includes(entry)) return false;
    if (entry.good) return true;
    return oldestKept !== undefined && kept.length === keep && entry.createdAt < oldestKept.createdAt;
  });
}
