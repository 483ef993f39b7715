import type { Classifier } from "./diagnosis.js";

import { isCommandMissing } from "../../plan/healthcheck-probe.js";

/** The healthcheck runs a program the image does not have (curl in a slim image). */
export const healthcheckCommandMissing: Classifier = (evidence) => {
  const outputs = [...(evidence.probes ?? []), ...(evidence.inspect?.State.Health?.Log ?? []).map((l) => ({ exitCode: l.ExitCode, output: l.Output }))];
  const missing = outputs.find((probe) => probe.exitCode !== 0 && isCommandMissing(probe.output, probe.exitCode));
  if (!missing) return undefined;
  const test = evidence.inspect?.Config.Healthcheck?.Test ?? [];
  return {
    code: "healthcheck-command-missing",
    message: `the healthcheck of ${evidence.service} runs a command that is not in the image`,
    evidence: { test, exitCode: missing.exitCode, output: missing.output.trim() },
    hint: "install the tool in the image, or use one it has (e.g. a node/python one-liner, wget, pg_isready, redis-cli)",
  };
};
