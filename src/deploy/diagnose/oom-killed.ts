import type { Classifier } from "./diagnosis.js";

/** The kernel killed the container for exceeding its memory limit (State.OOMKilled, never 137 alone). */
export const oomKilled: Classifier = (evidence) => {
  if (!evidence.inspect?.State.OOMKilled) return undefined;
  return {
    code: "oom-killed",
    message: `${evidence.service} was killed because it ran out of memory`,
    evidence: { oomKilled: true, exitCode: evidence.inspect.State.ExitCode, finishedAt: evidence.inspect.State.FinishedAt },
    hint: "raise mem_limit / deploy.resources.limits.memory, or make the process use less memory",
  };
};
