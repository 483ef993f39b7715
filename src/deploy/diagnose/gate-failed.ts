import { tail, type Classifier } from "./diagnosis.js";

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
