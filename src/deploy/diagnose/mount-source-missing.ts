import type { Classifier } from "./diagnosis.js";

const missingSource = /bind source path does not exist|mount source path .* does not exist|(?:mount|bind)[^\n]*no such file or directory/i;

/** A bind mount's host path does not exist. */
export const mountSourceMissing: Classifier = (evidence) => {
  if (!evidence.error || !missingSource.test(evidence.error) || evidence.phase === "build") return undefined;
  const path = /(?:does not exist|path does not exist):\s*(\S+)/.exec(evidence.error)?.[1] ?? /(\/[^\s:"]+)/.exec(evidence.error)?.[1];
  return {
    code: "mount-source-missing",
    message: `a bind-mounted host path of ${evidence.service} does not exist${path ? `: ${path}` : ""}`,
    evidence: { source: path ?? null, error: evidence.error },
    hint: "create the file or directory on the host, or fix the path in volumes: (relative paths start at the project directory)",
  };
};
