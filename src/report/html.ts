import type { Evidence } from "../journal/records.js";
import { timelineNote } from "./markdown.js";
import { formatBytes, formatMemory, formatPercent, verdictWord } from "./format.js";
import { escapeHtml as e } from "./html-escape.js";
import { renderTimelineSvg } from "./html-timeline.js";
import type { Report } from "./report.js";
import { placementsCell, roleCell, runningCell, stepSeconds, type SwarmReportPart } from "./swarm-part.js";
import { buildTimeline } from "./timeline.js";

const style = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1f2328;margin:0;background:#f6f8fa}
main{max-width:1100px;margin:0 auto;padding:24px}
section{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:16px 20px;margin:16px 0}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:0 0 12px}
.meta{color:#57606a}.verdict{display:inline-block;padding:4px 12px;border-radius:16px;font-weight:700;color:#fff}
.pass{background:#1a7f37}.warn{background:#9a6700}.fail{background:#cf222e}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #eaeef2;vertical-align:top;overflow-wrap:break-word}
th{white-space:nowrap}td.wrap{overflow-wrap:anywhere;min-width:8em}
th{background:#f6f8fa;font-weight:600}td.ok{color:#1a7f37;font-weight:600}td.bad{color:#cf222e;font-weight:600}
pre{background:#f6f8fa;padding:8px;border-radius:6px;white-space:pre-wrap;word-break:break-word;max-height:240px;overflow:auto}
ul{margin:4px 0 0 18px;padding:0}.muted{color:#57606a}`;

/** The report as one self-contained HTML page: inline CSS, the timeline as inline SVG, no script. */
export function renderHtml(report: Report): string {
  return [
    "<!doctype html>",
    `<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">`,
    `<title>berth report: ${e(report.project)} (${verdictWord[report.verdict.status]})</title><style>${style}</style></head>`,
    `<body><main>`,
    header(report),
    section("Startup timeline", `${renderTimelineSvg(buildTimeline(report.services))}<p class="muted">Seconds since the first container was created; ${e(timelineNote[report.timelineSource])}.</p>`, "timeline"),
    section("Services", servicesTable(report), "services"),
    ...(report.swarm === undefined ? [] : [section("Swarm: nodes and tasks", swarm(report.swarm), "swarm")]),
    section("Probes", probes(report), "probes"),
    section("Check findings", findings(report), "findings"),
    section("Diagnoses", diagnoses(report), "diagnoses"),
    "</main></body></html>\n",
  ].join("\n");
}

const section = (title: string, body: string, id: string) => `<section id="${id}"><h2>${e(title)}</h2>${body}</section>`;
const table = (head: readonly string[], rows: readonly string[]) => `<table><thead><tr>${head.map((h) => `<th>${e(h)}</th>`).join("")}</tr></thead><tbody>${rows.join("")}</tbody></table>`;
const tr = (cells: readonly (string | number | null)[]) => `<tr>${cells.map((c) => `<td>${e(c ?? "-")}</td>`).join("")}</tr>`;

function header(report: Report): string {
  const c = report.verdict.counts;
  const failures = report.verdict.reasons.length === 0 ? "" : `<ul>${report.verdict.reasons.map((r) => `<li>${e(r)}</li>`).join("")}</ul>`;
  const warnings = report.verdict.warnings.length === 0 ? "" : `<p>Warnings (they fail nothing):</p><ul>${report.verdict.warnings.map((w) => `<li>${e(w)}</li>`).join("")}</ul>`;
  const reasons = failures + warnings;
  return `<section id="verdict"><h1>berth report: ${e(report.project)}</h1><p class="meta">Run ${e(report.runId)}, generated ${e(report.generatedAt)}</p>
<p><span class="verdict ${report.verdict.status}">${verdictWord[report.verdict.status]}</span>
${c.servicesReady}/${c.services} services ready · ${c.probesPassed}/${c.probes} probes passed (${c.probesInferred} inferred) · check: ${c.findings.error} errors, ${c.findings.warning} warnings · ${c.diagnoses} diagnoses · ${c.restarts} restarts</p>${reasons}</section>`;
}

function servicesTable(report: Report): string {
  const rows = report.services.map((s) => tr([s.service, s.image, formatBytes(s.imageSizeBytes), s.state, s.health, s.ports.join(", ") || "-", s.restarts, formatPercent(s.cpuPercent), formatMemory(s.memoryBytes, s.memoryLimitBytes)]));
  return table(["Service", "Image", "Image size", "State", "Health", "Ports", "Restarts", "CPU", "Memory"], rows);
}

function swarm(part: SwarmReportPart): string {
  const nodes = table(["Node", "Role", "Availability", "State", "Message"], part.nodes.map((n) => tr([n.name, roleCell(n), n.availability, n.state, n.message || "-"])));
  const services = table(["Service", "Mode", "Running", "Tasks (node, state)"], part.services.map((s) => `<tr><td>${e(s.service)}</td><td>${e(s.mode)}</td><td class="${s.ok ? "ok" : "bad"}">${e(runningCell(s))}</td><td class="wrap">${e(placementsCell(s))}</td></tr>`));
  const lines = part.lines.length > 0 ? `<ul>${part.lines.map((line) => `<li>${e(line)}</li>`).join("")}</ul>` : `<p class="muted">Every service runs all its desired tasks on ready nodes.</p>`;
  const steps = part.stepsRun === null
    ? `<p class="muted">No berth up recorded for this stack.</p>`
    : `<p>Steps of run ${e(part.stepsRun)}:</p>${table(["Service", "Step", "Outcome", "Took", "Tasks"], part.steps.map((s) => tr([s.service, s.operation, s.outcome, stepSeconds(s), s.detail || "-"])))}`;
  return `<p class="muted">Read from the Swarm manager ${e(part.manager)}.</p>${nodes}${services}${lines}${steps}`;
}

function probes(report: Report): string {
  if (report.evidence.length === 0) return `<p class="muted">No probe ran.</p>`;
  return table(["Result", "Probe", "Target", "Evidence", "Origin"], report.evidence.map(probeRow));
}

function probeRow(evidence: Evidence): string {
  const origin = evidence.inferredFrom ? `inferred from ${evidence.inferredFrom}` : "declared";
  const detail = evidence.ok ? "" : failureDetail(evidence);
  return `<tr><td class="${evidence.ok ? "ok" : "bad"}">${evidence.ok ? "pass" : "FAIL"}</td><td>${e(evidence.probe)}<br><span class="muted">${e(evidence.kind)}</span></td><td class="wrap">${e(evidence.target)}</td><td class="wrap">${e(evidence.summary)}${detail}</td><td class="muted wrap">${e(origin)}</td></tr>`;
}

function failureDetail(evidence: Evidence): string {
  const facts = Object.entries(evidence.facts).map(([name, value]) => `${name}=${String(value)}`).join(", ");
  const items = [...(facts ? [`observed: ${facts}`] : []), ...(evidence.hint ? [`hint: ${evidence.hint}`] : [])].map((item) => `<li>${e(item)}</li>`).join("");
  return `<ul>${items}</ul>${evidence.excerpt ? `<pre>${e(evidence.excerpt)}</pre>` : ""}`;
}

function findings(report: Report): string {
  if (report.findings === null) return `<p class="muted">berth check could not run.</p>`;
  if (report.findings.length === 0) return `<p class="muted">None.</p>`;
  return table(["Severity", "Rule", "Where", "Message", "Hint"], report.findings.map((f) => tr([f.severity, f.rule, `${f.file}:${f.line}:${f.column}`, f.message, f.hint])));
}

function diagnoses(report: Report): string {
  if (report.diagnoses.length === 0) return `<p class="muted">None.</p>`;
  return table(["Service", "Diagnosis", "Message", "Hint"], report.diagnoses.map((d) => tr([d.service, d.code, d.message, d.hint])));
}
