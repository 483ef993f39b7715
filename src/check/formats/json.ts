import type { Finding } from "../finding.js";

/** `--format json`: `{ "findings": [...] }` with exactly the documented keys. */
export function formatJson(findings: readonly Finding[]): string {
  const rows = findings.map(({ rule, severity, file, line, column, message, hint }) => ({ rule, severity, file, line, column, message, hint }));
  return `${JSON.stringify({ findings: rows }, null, 2)}\n`;
}
