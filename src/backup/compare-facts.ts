import type { CheckOutcome } from "./driver.js";

/**
 * Compares counts found after a restore with those taken at backup time, one line per name.
 * `upper` widens the accepted range for a store that kept writing while it was copied (redis:
 * counts before and after the snapshot bracket the true one).
 */
export function compareCounts(unit: string, expected: Readonly<Record<string, number>>, actual: Readonly<Record<string, number>>, upper: Readonly<Record<string, number>> = expected): CheckOutcome {
  const names = [...new Set([...Object.keys(expected), ...Object.keys(upper), ...Object.keys(actual)])].sort();
  const checks: string[] = [];
  const wrong: string[] = [];
  for (const name of names) {
    const low = Math.min(expected[name] ?? 0, upper[name] ?? 0);
    const high = Math.max(expected[name] ?? 0, upper[name] ?? 0);
    const found = actual[name] ?? 0;
    const range = low === high ? `${low}` : `${low}..${high}`;
    const fits = found >= low && found <= high;
    checks.push(`${name}: ${found} ${unit}${fits ? `, as at backup time` : `, expected ${range}`}`);
    if (!fits) wrong.push(`${name} has ${found} ${unit}, expected ${range}`);
  }
  if (names.length === 0) checks.push(`no ${unit} at backup time, none after restore`);
  return wrong.length === 0 ? { ok: true, checks } : { ok: false, checks, error: `restored data differs from the backup: ${wrong.join("; ")}` };
}

/** Compares a volume's file count and content checksum with the backup's. */
export function compareFiles(expected: { files: number; checksum: string }, actual: { files: number; checksum: string }): CheckOutcome {
  const checks = [`${actual.files} files (backup had ${expected.files})`, `content checksum ${actual.checksum.slice(0, 12)}… ${actual.checksum === expected.checksum ? "matches" : `differs from ${expected.checksum.slice(0, 12)}…`}`];
  if (actual.files === expected.files && actual.checksum === expected.checksum) return { ok: true, checks };
  return { ok: false, checks, error: `restored files differ from the backup: ${checks.join(", ")}` };
}

/** `berth-count|public.notes|12` lines → `{ "public.notes": 12 }`; other lines are ignored. */
export function parseCountLines(output: string, marker: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const line of output.split("\n")) {
    const parts = line.trim().split("|");
    if (parts[0] !== marker || parts.length < 3) continue;
    const count = Number(parts.at(-1));
    if (Number.isFinite(count)) counts[parts.slice(1, -1).join("|")] = count;
  }
  return counts;
}
