import type { ContainerDetails, ProbeResult } from "../engine-port.js";
import type { DiagnosticRun } from "./diagnostic-run.js";

/** A failure explained: what, in plain words, the proof, and what to do. */
export interface Diagnosis {
  readonly code: DiagnosisCode;
  readonly message: string;
  readonly evidence: Readonly<Record<string, unknown>>;
  readonly hint: string;
}

export type DiagnosisCode =
  | "build-failed"
  | "image-not-found"
  | "pull-failed"
  | "port-in-use"
  | "exit-nonzero"
  | "oom-killed"
  | "crash-loop"
  | "unhealthy"
  | "healthcheck-command-missing"
  | "mount-source-missing"
  | "permission-denied"
  | "missing-env"
  | "dependency-failed"
  | "no-output"
  | "gate-timeout"
  | "gate-probe-failed"
  | "operation-failed";

/** Where in `up` a service failed. */
export type FailurePhase = "image" | "build" | "create" | "start" | "gate" | "blocked";

/** Everything gathered about one failed service; classifiers read only this. */
export interface ServiceEvidence {
  readonly service: string;
  readonly phase: FailurePhase;
  /** The engine's error message when an operation failed. */
  readonly error?: string;
  readonly image?: string;
  readonly buildLog?: string;
  readonly inspect?: ContainerDetails;
  readonly logTail?: string;
  /** Outputs of healthcheck probes berth ran itself, newest last. */
  readonly probes?: readonly ProbeResult[];
  /** Gate outcome: why waiting ended. */
  readonly gate?: { readonly kind: string; readonly reason: string; readonly detail: string };
  readonly blockedBy?: readonly string[];
  /** The second, diagnostic run of a silent container. */
  readonly diagnosticRun?: DiagnosticRun;
  /** The container's engine events in this run (`start`, `die (exit 1)`, `oom`), oldest first. */
  readonly events?: readonly string[];
  /** Who holds a published port, as found on the host or in the engine. */
  readonly portHolder?: string;
}

/** A classifier recognises one failure cause, or returns undefined. */
export type Classifier = (evidence: ServiceEvidence) => Diagnosis | undefined;

/** The last lines of a text, for evidence that stays readable. */
export function tail(text: string | undefined, lines = 20): string {
  if (!text) return "";
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}

/** The container exited (or is between restarts) rather than still running. */
export function hasStopped(evidence: ServiceEvidence): boolean {
  const state = evidence.inspect?.State;
  return state !== undefined && (!state.Running || state.Restarting);
}

/** The engine keeps restarting it: seen restarting, restarted twice, or a gate saw the loop. */
export function isLooping(inspect: ContainerDetails, gateReason?: string): boolean {
  return gateReason === "crash-loop" || inspect.RestartCount >= 2 || (inspect.State.Restarting && inspect.RestartCount >= 1);
}
