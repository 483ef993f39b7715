import type { Project } from "../../compose/model/project.js";
import type { JournalEntry } from "../../journal/journal-entry.js";
import { listRuns, readJournal } from "../../journal/journal.js";
import type { Report, ReportDiagnosis, ReportFinding, ServiceStatus } from "../../report/report.js";
import type { SwarmReportPart, SwarmReportStep } from "../../report/swarm-part.js";
import { buildReport } from "../../report/verdict.js";
import type { StackView } from "../../swarm/obs-client.js";
import { healthLines } from "../../swarm/obs-summary.js";
import { swarmServiceStatuses } from "../../swarm/report-status.js";

export interface SwarmReportInput {
  readonly project: Project;
  /** The stack as `berth ps` reads it from the manager, now. */
  readonly view: StackView;
  /** The manager asked, as the user named it. */
  readonly manager: string;
  readonly stateDir: string;
  /** The run reported on; undefined when berth never ran against this stack from this machine. */
  readonly runId: string | undefined;
  readonly findings: readonly ReportFinding[] | null;
  readonly now: Date;
}

/** The run id of a report on a stack berth has no run of (deployed by `docker stack deploy`): nothing to save it into. */
export const noRunId = "none";

/** The journal's cause of every step `berth up` on a manager writes (swarm-up.ts). */
const swarmStepCause = "swarm stack";

/**
 * `berth report` on a Swarm manager: the stack as it is now (the same view as `berth ps`: nodes,
 * each service's tasks and their nodes, lost and pending tasks) with the reported run's evidence
 * and diagnoses, and the steps of the latest `berth up` that deployed it. A service short of tasks
 * is a service that is not ready, so the verdict fails it.
 */
export async function buildSwarmReport(input: SwarmReportInput): Promise<Report> {
  const entries = input.runId === undefined ? [] : await readJournal(input.stateDir, input.runId).catch((): JournalEntry[] => []);
  const deployed = input.runId === undefined ? undefined : await latestDeployment(input.stateDir, input.runId, entries);
  const steps = deployed?.entries.flatMap(stepOf) ?? [];
  const times = new Map<string, SwarmReportStep>((deployed?.entries.filter(isDeployStep) ?? []).flatMap(stepOf).map((step) => [step.service, step]));
  const services: ServiceStatus[] = swarmServiceStatuses(input.view).map((status) => {
    const step = times.get(status.service);
    const readyAt = step?.outcome === "ok" ? step.endedAt : null;
    return {
      ...status,
      // Swarm keeps a task `starting` until the file's healthcheck passes: a service running all its tasks is healthy.
      health: status.state === "running" && declaresHealthcheck(input.project, status.service) ? "healthy" : "none",
      container: null,
      imageSizeBytes: null,
      ports: [],
      cpuPercent: null,
      memoryBytes: null,
      memoryLimitBytes: null,
      createdAt: step?.startedAt ?? null,
      startedAt: step?.startedAt ?? null,
      healthyAt: status.oneShot ? null : readyAt,
      finishedAt: status.oneShot ? readyAt : null,
    };
  });
  // A service of the file the stack does not have (never applied, or removed) is not ready.
  const onStack = new Set(services.map((status) => status.service));
  for (const service of Object.values(input.project.services)) {
    if (!onStack.has(service.name)) services.push(missingService(service.name, service.image ?? "-"));
  }
  const swarm: SwarmReportPart = {
    manager: input.manager,
    nodes: input.view.health.nodes,
    services: input.view.health.services,
    lines: healthLines(input.view.health),
    stepsRun: deployed?.runId ?? null,
    steps,
  };
  const diagnosisRuns = deployed === undefined || deployed.runId === input.runId ? [entries] : [deployed.entries, entries];
  return buildReport({
    project: input.project.name,
    runId: input.runId ?? noRunId,
    generatedAt: input.now.toISOString(),
    services,
    timelineSource: "journal",
    evidence: entries.flatMap((entry) => (entry.type === "evidence" ? [entry.evidence] : [])),
    findings: input.findings,
    diagnoses: diagnosisRuns.flatMap((run) => run.flatMap(diagnosisOf)),
    swarm,
  });
}

function missingService(service: string, image: string): ServiceStatus {
  return { service, container: null, image, imageSizeBytes: null, state: "missing", health: "none", exitCode: null, oneShot: false, ports: [], restarts: 0, cpuPercent: null, memoryBytes: null, memoryLimitBytes: null, createdAt: null, startedAt: null, healthyAt: null, finishedAt: null };
}

function declaresHealthcheck(project: Project, service: string): boolean {
  const check = project.services[service]?.healthcheck;
  return check !== undefined && check.disable !== true && check.test !== undefined && check.test[0] !== "NONE";
}

/** The run itself when it deployed the stack, else the latest earlier one that did (a `verify` run reports on the deployment before it). */
async function latestDeployment(stateDir: string, runId: string, entries: readonly JournalEntry[]): Promise<{ runId: string; entries: readonly JournalEntry[] } | undefined> {
  if (entries.some(isDeployStep)) return { runId, entries };
  const earlier = (await listRuns(stateDir)).filter((id) => id < runId).reverse().slice(0, 20);
  for (const id of earlier) {
    const found = await readJournal(stateDir, id).catch((): JournalEntry[] => []);
    if (found.some(isDeployStep)) return { runId: id, entries: found };
  }
  return undefined;
}

/** A service's create/update/keep step of `berth up` on a manager: what makes a run a deployment of the stack. */
function isDeployStep(entry: JournalEntry): boolean {
  return entry.type === "step" && entry.cause === swarmStepCause && entry.service !== undefined;
}

/** Every step of a service the run journalled (a deployment's, and a rollback after a failed update). */
function stepOf(entry: JournalEntry): SwarmReportStep[] {
  if (entry.type !== "step" || entry.service === undefined) return [];
  return [{ service: entry.service, operation: entry.operation, outcome: entry.outcome, startedAt: entry.startedAt, endedAt: entry.endedAt, detail: entry.detail ?? "" }];
}

function diagnosisOf(entry: JournalEntry): ReportDiagnosis[] {
  if (entry.type !== "diagnosis") return [];
  const text = (key: string) => String(entry.diagnosis[key] ?? "");
  return [{ service: entry.service, code: text("code"), message: text("message"), hint: text("hint") }];
}
