import type { Classifier } from "./diagnosis.js";

/** Not started because a service it depends on failed. */
export const dependencyFailed: Classifier = (evidence) => {
  if (evidence.phase !== "blocked" || !evidence.blockedBy?.length) return undefined;
  const blockers = evidence.blockedBy.join(", ");
  return {
    code: "dependency-failed",
    message: `${evidence.service} was not started because ${blockers} failed`,
    evidence: { blockedBy: evidence.blockedBy },
    hint: `fix ${blockers} first: see its diagnosis above`,
  };
};
