/** Columns padded to their widest cell, three spaces apart, as `docker compose` prints tables. */
export function renderColumns(header: readonly string[], cells: readonly (readonly string[])[]): string {
  const widths = header.map((title, i) => Math.max(title.length, ...cells.map((line) => (line[i] ?? "").length)));
  const format = (line: readonly string[]) => line.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join("   ").trimEnd();
  return [format(header), ...cells.map(format)].join("\n") + "\n";
}
