import type { Redactor } from "../common/redact.js";
import { renderHtml } from "./html.js";
import { renderJson } from "./json.js";
import { renderMarkdown } from "./markdown.js";
import type { Report } from "./report.js";

export const reportFormats = ["md", "html", "json"] as const;
export type ReportFormat = (typeof reportFormats)[number];

const renderers: Readonly<Record<ReportFormat, (report: Report) => string>> = { md: renderMarkdown, html: renderHtml, json: renderJson };

/**
 * Renders a report with secrets removed twice: from the data before rendering (known values,
 * secret-named keys) and from the finished text (patterns such as credentials in URLs).
 */
export function renderReport(report: Report, format: ReportFormat, redactor: Redactor): string {
  return redactor.text(renderers[format](redactor.data(report)));
}
