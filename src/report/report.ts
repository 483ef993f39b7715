import type { Evidence, ReportFinding } from "../journal/records.js";
import type { SwarmReportPart } from "./swarm-part.js";

export type { ReportFinding } from "../journal/records.js";

/** One service as the engine shows it when the report is made. */
export interface ServiceStatus {
  readonly service: string;
  readonly container: string | null;
  readonly image: string;
  readonly imageSizeBytes: number | null;
  /** `running`, `exited`, ... or `missing` when the service has no container. */
  readonly state: string;
  /** `healthy`, `unhealthy`, `starting`, or `none` without a healthcheck. */
  readonly health: string;
  readonly exitCode: number | null;
  /** A one-shot job (others wait for it to complete): exiting 0 is its success. */
  readonly oneShot: boolean;
  readonly ports: readonly string[];
  readonly restarts: number;
  readonly cpuPercent: number | null;
  readonly memoryBytes: number | null;
  readonly memoryLimitBytes: number | null;
  readonly createdAt: string | null;
  readonly startedAt: string | null;
  readonly healthyAt: string | null;
  /** When a stopped container exited (a one-shot job's completion). */
  readonly finishedAt: string | null;
  /** Files in the running container that are in neither its image nor a volume (`docker diff`); absent when none. */
  readonly drift?: readonly string[];
}

export interface ReportDiagnosis {
  readonly service: string;
  readonly code: string;
  readonly message: string;
  readonly hint: string;
}

/** Everything a report is made from; gathered elsewhere (engine, journal, check). */
export interface ReportInput {
  readonly project: string;
  readonly runId: string;
  readonly generatedAt: string;
  readonly services: readonly ServiceStatus[];
  /**
   * Where the startup times come from: `journal` (what `up` recorded) or `engine` (inspect now:
   * the latest start, and the oldest of the last five healthchecks that passed).
   */
  readonly timelineSource: "journal" | "engine";
  readonly evidence: readonly Evidence[];
  /** Null when `berth check` could not run (the report says so). */
  readonly findings: readonly ReportFinding[] | null;
  readonly diagnoses: readonly ReportDiagnosis[];
  /** On a Swarm manager: the nodes, each service's tasks and nodes, what a node failure did, the last up's steps. */
  readonly swarm?: SwarmReportPart;
}

export type VerdictStatus = "pass" | "warn" | "fail";

/** Computed from the data, never written by hand: each reason names what it counts. */
export interface ReportVerdict {
  readonly status: VerdictStatus;
  /** What fails the deployment: empty unless the status is `fail`. */
  readonly reasons: readonly string[];
  /** What is worth knowing but fails nothing (opinions, check findings below --fail-on, restarts). */
  readonly warnings: readonly string[];
  readonly counts: {
    readonly services: number;
    readonly servicesReady: number;
    readonly probes: number;
    readonly probesPassed: number;
    readonly probesInferred: number;
    readonly findings: Readonly<Record<ReportFinding["severity"], number>>;
    readonly diagnoses: number;
    readonly restarts: number;
  };
}

export interface Report extends ReportInput {
  readonly verdict: ReportVerdict;
}
