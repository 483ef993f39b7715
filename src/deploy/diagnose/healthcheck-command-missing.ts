import type { Classifier } from "./diagnosis.js";

const notFound = /executable file not found|no such file or directory|: not found|command not found/i;

/** The healthcheck runs a program the image does not have (curl in a slim image). */
export const healthcheckCommandMissing: Classifier = (evidence) => {
  const outputs = [...(evidence.probes ?? []), ...(evidence.inspect?.State.Health?.Log ?? []).map((l) => ({ exitCode: l.ExitCode, output: l.Output }))];
  const missing = outputs.find((probe) => probe.exitCode !== 0 && (probe.exitCode === 127 || notFound.test(probe.output)) && notFound.test(probe.output));
  if (!missing) return undefined;
  const test = evidence.inspect?.Config.Healthcheck?.Test ?? [];
  return {
    code: "healthcheck-command-missing",
    message: `the healthcheck of ${evidence.service} runs a command that is not in the image`,
    evidence: { test, exitCode: missing.exitCode, output: missing.output.trim() },
    hint: "install the tool in the image, or use one it has (e.g. a node/python one-liner, wget, pg_isready, redis-cli)",
  };
};
