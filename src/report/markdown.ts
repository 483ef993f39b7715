import type { Evidence } from "../journal/records.js";
import { formatBytes, formatMemory, formatPercent, verdictWord } from "./format.js";
import type { Report } from "./report.js";
import { placementsCell, roleCell, runningCell, stepSeconds, type SwarmReportPart } from "./swarm-part.js";
import { buildTimeline } from "./timeline.js";

const cell = (text: string | number | null): string => String(text ?? "-").replace(/\|/g, "\\|").replace(/\n/g, " ");
const row = (cells: readonly (string | number | null)[]): string => `| ${cells.map(cell).join(" | ")} |`;
const table = (head: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string[] => [row(head), row(head.map(() => "---")), ...rows.map(row)];
const at = (value: number | null): string => (value === null ? "-" : `+${value.toFixed(1)} s`);

/** The report as Markdown: verdict first, then services, timeline, probes, findings, diagnoses. */
export function renderMarkdown(report: Report): string {
  return [...header(report), ...services(report), ...(report.swarm === undefined ? [] : swarm(report.swarm)), ...timeline(report), ...probes(report), ...findings(report), ...diagnoses(report)].join("\n") + "\n";
}

function header(report: Report): string[] {
  const c = report.verdict.counts;
  return [
    `# berth report: ${report.project}`,
    "",
    `Run \`${report.runId}\`, generated ${report.generatedAt}.`,
    "",
    `## Verdict: ${verdictWord[report.verdict.status]}`,
    "",
    `${c.servicesReady}/${c.services} services ready, ${c.probesPassed}/${c.probes} probes passed (${c.probesInferred} inferred), check: ${c.findings.error} error(s), ${c.findings.warning} warning(s), ${c.findings.info} info; ${c.diagnoses} diagnosis(es), ${c.restarts} restart(s).`,
    "",
    ...report.verdict.reasons.map((reason) => `- ${reason}`),
    ...(report.verdict.reasons.length > 0 ? [""] : []),
    ...(report.verdict.warnings.length > 0 ? ["Warnings (they fail nothing):", "", ...report.verdict.warnings.map((warning) => `- ${warning}`), ""] : []),
  ];
}

function services(report: Report): string[] {
  const rows = report.services.map((s) => [s.service, s.image, formatBytes(s.imageSizeBytes), s.state, s.health, s.ports.join(", ") || "-", s.restarts, formatPercent(s.cpuPercent), formatMemory(s.memoryBytes, s.memoryLimitBytes)]);
  return ["## Services", "", ...table(["Service", "Image", "Image size", "State", "Health", "Ports", "Restarts", "CPU", "Memory"], rows), ""];
}

/** On a manager: the nodes, each service's tasks and their nodes, what a node failure did, the last up's steps. */
function swarm(part: SwarmReportPart): string[] {
  const steps = part.stepsRun === null
    ? ["No berth up recorded for this stack."]
    : [`Steps of run \`${part.stepsRun}\`:`, "", ...table(["Service", "Step", "Outcome", "Took", "Tasks"], part.steps.map((s) => [s.service, s.operation, s.outcome, stepSeconds(s), s.detail || "-"]))];
  return [
    "## Swarm: nodes and tasks",
    "",
    `Read from the Swarm manager ${part.manager}.`,
    "",
    ...table(["Node", "Role", "Availability", "State", "Message"], part.nodes.map((n) => [n.name, roleCell(n), n.availability, n.state, n.message || "-"])),
    "",
    ...table(["Service", "Mode", "Running", "Tasks (node, state)"], part.services.map((s) => [s.service, s.mode, runningCell(s), placementsCell(s)])),
    "",
    ...(part.lines.length > 0 ? [...part.lines.map((line) => `- ${line}`), ""] : ["Every service runs all its desired tasks on ready nodes.", ""]),
    ...steps,
    "",
  ];
}

function timeline(report: Report): string[] {
  const chart = buildTimeline(report.services);
  const rows = chart.rows.map((r) => [r.service, at(r.created), at(r.started), at(r.ready), r.readyKind]);
  return ["## Startup timeline", "", `Seconds since the first container was created (${chart.origin ?? "unknown"}); ${timelineNote[report.timelineSource]}.`, "", ...table(["Service", "Created", "Started", "Ready", "Ready means"], rows), ""];
}

export const timelineNote = {
  journal: "times as berth up recorded them",
  engine: "times from the engine now (no berth up record): a restart moves Started, and Ready is the oldest passing healthcheck the engine still keeps",
} as const;

function probes(report: Report): string[] {
  if (report.evidence.length === 0) return ["## Probes", "", "No probe ran.", ""];
  const rows = report.evidence.map((e) => [e.ok ? "pass" : "FAIL", e.probe, e.kind, e.target, e.summary, e.inferredFrom ? `inferred from ${e.inferredFrom}` : "declared"]);
  const failed = report.evidence.filter((e) => !e.ok).flatMap(failureDetail);
  return ["## Probes", "", ...table(["Result", "Probe", "Kind", "Target", "Evidence", "Origin"], rows), "", ...failed];
}

function failureDetail(evidence: Evidence): string[] {
  const facts = Object.entries(evidence.facts).map(([name, value]) => `${name}=${String(value)}`).join(", ");
  return [
    `### Failed: ${evidence.probe}`,
    "",
    ...evidence.failures.map((failure) => `- ${failure}`),
    ...(facts ? [`- observed: ${facts}`] : []),
    ...(evidence.hint ? [`- hint: ${evidence.hint}`] : []),
    ...(evidence.location ? [`- declared at ${evidence.location.file}:${evidence.location.line}:${evidence.location.column}`] : []),
    ...(evidence.excerpt ? ["", "```text", evidence.excerpt.replace(/```/g, "'''"), "```"] : []),
    "",
  ];
}

function findings(report: Report): string[] {
  if (report.findings === null) return ["## Check findings", "", "berth check could not run.", ""];
  if (report.findings.length === 0) return ["## Check findings", "", "None.", ""];
  const rows = report.findings.map((f) => [f.severity, f.rule, `${f.file}:${f.line}:${f.column}`, f.message, f.hint]);
  return ["## Check findings", "", ...table(["Severity", "Rule", "Where", "Message", "Hint"], rows), ""];
}

function diagnoses(report: Report): string[] {
  if (report.diagnoses.length === 0) return ["## Diagnoses", "", "None.", ""];
  return ["## Diagnoses", "", ...table(["Service", "Diagnosis", "Message", "Hint"], report.diagnoses.map((d) => [d.service, d.code, d.message, d.hint])), ""];
}
