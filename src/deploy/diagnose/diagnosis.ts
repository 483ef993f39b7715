import type { ContainerDetails, ProbeResult } from "../engine-port.js";
import type { DiagnosticRun } from "./diagnostic-run.js";
import type { ListeningSocket } from "./listening.js";

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
  | "host-not-found"
  | "connection-refused"
  | "missing-setting"
  | "module-not-found"
  | "address-in-use"
  | "db-auth-failed"
  | "stale-credentials"
  | "stuck-waiting"
  | "not-listening"
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
  /** The container's listening TCP sockets (`/proc/net/tcp*`), when read. */
  readonly listening?: readonly ListeningSocket[];
  /** The project's other services as the engine runs them (names to suggest, readiness, data volumes). */
  readonly peers?: readonly Peer[];
}

/** Another service of the project, as its container shows it. */
export interface Peer {
  readonly service: string;
  /** The image reference it was created from, `redis:7`. */
  readonly image: string;
  /** `running`, `restarting`, `exited`, ... */
  readonly state: string;
  /** `healthy`, `unhealthy`, `starting`, or `none`. */
  readonly health: string;
  /** Network aliases other containers may dial it by. */
  readonly aliases: readonly string[];
  /** Its IP addresses on the project's networks. */
  readonly addresses: readonly string[];
  /** When its container was created (ISO), for datastores. */
  readonly createdAt?: string;
  /** Named volumes of a datastore, with when each was created. */
  readonly volumes?: readonly { readonly name: string; readonly destination: string; readonly createdAt: string | null }[];
  /** The tail of a datastore's own log. */
  readonly logTail?: string;
}

/** A classifier recognises one failure cause, or returns undefined. */
export type Classifier = (evidence: ServiceEvidence) => Diagnosis | undefined;

/** The first log line matching a pattern, trimmed, as quoted evidence. */
export function findLine(log: string | undefined, pattern: RegExp): string | undefined {
  return log?.split("\n").find((line) => pattern.test(line))?.trim();
}

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
