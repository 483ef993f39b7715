import type { Redactor } from "../common/redact.js";
import type { Project } from "../compose/model/project.js";
import type { Engine } from "../engine/engine.js";
import type { Journal } from "../journal/journal.js";
import type { Report } from "../report/report.js";
import type { FailOn } from "../report/verdict.js";
import type { ReportFormat } from "../report/render-report.js";
import { checkFindings } from "./check-findings.js";
import { buildDeploymentReport, saveReport } from "./deployment-report.js";
import { verifyProject, type InferMode, type ProbeTarget, type VerifyOutcome } from "./verify-project.js";
import type { ServiceStatus } from "../report/report.js";

export interface VerifyDeploymentOptions {
  readonly engine: Engine;
  readonly project: Project;
  readonly stateDir: string;
  /** The run's journal (from `up`, or a fresh one for `berth verify`). */
  readonly journal: Journal;
  readonly redactor: Redactor;
  readonly signal?: AbortSignal;
  readonly infer?: InferMode;
  readonly only?: readonly string[];
  /** `--fail-on`: check findings at or above it fail the verdict (default never, docs/verdict.md). */
  readonly failOn?: FailOn;
  /** A target other than this engine's containers (a Swarm manager): runs the probes and says each service's state. */
  readonly target?: DeploymentTarget;
}

export interface DeploymentTarget extends ProbeTarget {
  serviceStatus(): Promise<ServiceStatus[]>;
}

export interface VerifiedDeployment {
  readonly outcome: VerifyOutcome;
  readonly report: Report;
  readonly reportPaths: Record<ReportFormat, string>;
}

/**
 * Probes a deployed stack, journals each piece of evidence, and writes the run's report (md,
 * html, json) next to its journal. `berth verify` and `berth up --verify` both end here.
 */
export async function verifyDeployment(options: VerifyDeploymentOptions): Promise<VerifiedDeployment> {
  const outcome = await verifyProject({
    engine: options.engine,
    project: options.project,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.infer ? { infer: options.infer } : {}),
    ...(options.only ? { only: options.only } : {}),
    ...(options.target ? { target: options.target } : {}),
  });
  for (const evidence of outcome.evidence) await options.journal.append({ type: "evidence", evidence });
  const findings = checkFindings(options.project);
  if (findings !== null) await options.journal.append({ type: "findings", findings });
  const report = await buildDeploymentReport({ engine: options.engine, project: options.project, stateDir: options.stateDir, runId: options.journal.runId, findings, evidence: outcome.evidence, ...(options.failOn ? { failOn: options.failOn } : {}), ...(options.target ? { services: await options.target.serviceStatus() } : {}) });
  const reportPaths = await saveReport(options.stateDir, report, options.redactor);
  return { outcome, report, reportPaths };
}
