import type { Report } from "./report.js";

/** The report as JSON, stable key order as built, with a schema version for consumers. */
export function renderJson(report: Report): string {
  return `${JSON.stringify({ schema: "berth.report/v1", ...report }, null, 2)}\n`;
}
