import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { privateFileMode } from "../common/private-files.js";
import type { Redactor } from "../common/redact.js";
import type { Project } from "../compose/model/project.js";
import type { Engine } from "../engine/engine.js";
import type { JournalEntry } from "../journal/journal-entry.js";
import { listRuns, readJournal, runDir } from "../journal/journal.js";
import { renderReport, reportFormats, type ReportFormat } from "../report/render-report.js";
import type { Report, ReportDiagnosis, ReportFinding, ServiceStatus } from "../report/report.js";
import { buildReport, type FailOn } from "../report/verdict.js";
import { gatherServiceStatus, type RecordedTimes } from "./gather-status.js";
import type { Evidence } from "./probe.js";

export interface DeploymentReportOptions {
  readonly engine: Engine;
  readonly project: Project;
  readonly stateDir: string;
  readonly runId: string;
  readonly findings: readonly ReportFinding[] | null;
  /** Evidence of this run; when absent, the journal's evidence entries. */
  readonly evidence?: readonly Evidence[];
  readonly now?: () => Date;
  /** `--fail-on`: check findings at or above it fail the verdict (default never). */
  readonly failOn?: FailOn;
  /** Each service's state when the engine's containers do not hold it (a stack on a Swarm manager). */
  readonly services?: readonly ServiceStatus[];
}

/** Builds the report of one run from its journal, the evidence and the engine's current state. */
export async function buildDeploymentReport(options: DeploymentReportOptions): Promise<Report> {
  const entries = await readJournal(options.stateDir, options.runId).catch((): JournalEntry[] => []);
  const times = await deploymentTimes(options.stateDir, options.runId, entries);
  const services = options.services ? [...options.services] : await gatherServiceStatus(options.engine, options.project, times);
  return buildReport({
    project: options.project.name,
    runId: options.runId,
    generatedAt: (options.now ?? (() => new Date()))().toISOString(),
    services,
    timelineSource: Object.keys(times).length > 0 ? "journal" : "engine",
    evidence: options.evidence ?? entries.flatMap((e) => (e.type === "evidence" ? [e.evidence] : [])),
    findings: options.findings,
    diagnoses: diagnosesOf(entries),
  }, { failOn: options.failOn ?? "none" });
}

/**
 * Service times as `up` journaled them: from this run, else from the latest earlier run that
 * deployed (a `berth verify` run reports on the deployment before it).
 */
async function deploymentTimes(stateDir: string, runId: string, entries: readonly JournalEntry[]): Promise<Record<string, RecordedTimes>> {
  const own = recordedTimes(entries);
  if (Object.keys(own).length > 0) return own;
  const earlier = (await listRuns(stateDir)).filter((id) => id < runId).reverse().slice(0, 20);
  for (const id of earlier) {
    const times = recordedTimes(await readJournal(stateDir, id).catch((): JournalEntry[] => []));
    if (Object.keys(times).length > 0) return times;
  }
  return {};
}

function recordedTimes(entries: readonly JournalEntry[]): Record<string, RecordedTimes> {
  const times: Record<string, RecordedTimes> = {};
  for (const entry of entries) if (entry.type === "service") times[entry.service] = { startedAt: entry.startedAt, healthyAt: entry.healthyAt };
  return times;
}

function diagnosesOf(entries: readonly JournalEntry[]): ReportDiagnosis[] {
  return entries.flatMap((entry) => {
    if (entry.type !== "diagnosis") return [];
    const text = (key: string) => String(entry.diagnosis[key] ?? "");
    return [{ service: entry.service, code: text("code"), message: text("message"), hint: text("hint") }];
  });
}

/** Writes report.md, report.html and report.json (all redacted) into the run's folder. */
export async function saveReport(stateDir: string, report: Report, redactor: Redactor): Promise<Record<ReportFormat, string>> {
  const dir = runDir(stateDir, report.runId);
  const paths = Object.fromEntries(reportFormats.map((format) => [format, join(dir, `report.${format}`)])) as Record<ReportFormat, string>;
  for (const format of reportFormats) await writeFile(paths[format], renderReport(report, format, redactor), { encoding: "utf8", mode: privateFileMode });
  return paths;
}

/** The saved report of a run, when one was written. */
export async function loadSavedReport(stateDir: string, runId: string): Promise<Report | undefined> {
  const text = await readFile(join(runDir(stateDir, runId), "report.json"), "utf8").catch(() => undefined);
  if (text === undefined) return undefined;
  const { schema: _schema, ...report } = JSON.parse(text) as Report & { schema: string };
  return report;
}
