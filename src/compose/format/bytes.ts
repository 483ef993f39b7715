const multipliers: Readonly<Record<string, number>> = { "": 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };

/**
 * Parses a byte size the way docker does (`RAMInBytes`: binary units, `b` optional, `256m`,
 * `1g`, `1.5GB`); numbers are bytes already. Undefined when invalid.
 */
export function parseBytes(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? Math.trunc(value) : undefined;
  if (typeof value !== "string") return undefined;
  const match = /^(\d+(?:\.\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$/.exec(value.trim());
  if (!match) return undefined;
  const unit = (match[2] ?? "").toLowerCase();
  // `1.5.3m` fits the pattern (docker's too) but is no number: ParseFloat refuses it there.
  const bytes = Number(match[1]) * (multipliers[unit] ?? 1);
  return Number.isFinite(bytes) ? Math.trunc(bytes) : undefined;
}
