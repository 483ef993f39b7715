import { tail, type Classifier, type Diagnosis } from "./diagnosis.js";

/** Fallbacks when nothing more specific matched: a timeout, or an engine refusal. */
export const gateTimeout: Classifier = (evidence) => {
  if (evidence.gate?.reason !== "timeout") return undefined;
  return {
    code: "gate-timeout",
    message: `${evidence.service} was not ${evidence.gate.kind} before the deadline (${evidence.gate.detail})`,
    evidence: { gate: evidence.gate, logTail: tail(evidence.logTail) },
    hint: "raise --wait-timeout if the service is just slow, otherwise read the log tail",
  };
};

export const operationFailed: Classifier = (evidence) => {
  if (!evidence.error) return undefined;
  return {
    code: "operation-failed",
    message: evidence.gate
      ? `${evidence.service} did not become ${evidence.gate.kind}: ${evidence.gate.detail}`
      : `the engine refused to ${evidence.phase} ${evidence.service}: ${evidence.error}`,
    evidence: { phase: evidence.phase, error: evidence.error },
    hint: "read the engine's message; `docker events` and `docker inspect` show more",
  };
};

/** A `gate: true` verify probe that failed against a rollout's new container. */
export interface GateProbeFailure {
  readonly probe: string;
  /** What was probed: `GET http://backend:3000/api/selftest at app-backend-1_next (172.18.0.5)`. */
  readonly target: string;
  /** Each expectation that did not hold: `expected JSON status = "ok", got "degraded"`. */
  readonly failures: readonly string[];
  /** What came back (body, command output), already shortened. */
  readonly excerpt?: string | undefined;
  /** Where the probe is declared, `compose.yaml:31`. */
  readonly declaredAt?: string | undefined;
}

/**
 * The new container was healthy but a gate probe said its answers are wrong: names the probe,
 * what it expected and what it got. Built by the rollout, which holds the probe's evidence.
 */
export function gateProbeFailed(service: string, container: string, failed: readonly GateProbeFailure[]): Diagnosis {
  const first = failed[0];
  const what = first ? `gate probe ${first.probe} failed on ${container}: ${first.failures.join("; ")}` : `a gate probe failed on ${container}`;
  return {
    code: "gate-probe-failed",
    message: `${service} is healthy but ${what}${failed.length > 1 ? ` (and ${failed.length - 1} more)` : ""}`,
    // Flat keys, one line each in the summary; the other failed probes by name and first failure.
    evidence: {
      probe: first?.probe,
      target: first?.target,
      failed: first?.failures.join("; "),
      answered: first?.excerpt,
      declaredAt: first?.declaredAt,
      others: failed.slice(1).map((f) => `${f.probe}: ${f.failures[0] ?? "failed"}`).join("\n"),
    },
    hint: "the new version is healthy but answers differently from what the probe expects (`answered` is what it said): fix the app, or the probe where it is declared, then run berth up again",
  };
}
