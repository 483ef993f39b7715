import { hasStopped, type Classifier } from "./diagnosis.js";

/** It exited or loops without printing anything: show what a diagnostic rerun printed. */
export const noOutput: Classifier = (evidence) => {
  if (evidence.phase !== "gate" || !hasStopped(evidence) || (evidence.logTail ?? "").trim() !== "") return undefined;
  if (evidence.inspect?.State.ExitCode === 0 && !evidence.inspect.State.Restarting) return undefined;
  const rerun = evidence.diagnosticRun;
  return {
    code: "no-output",
    message: `${evidence.service} stopped without printing anything`,
    evidence: { exitCode: evidence.inspect?.State.ExitCode ?? null, diagnosticRun: rerun ?? null },
    hint: rerun?.output.trim()
      ? "the diagnostic run (with a terminal and shell tracing) printed the output above: start there"
      : "make the program log to stdout/stderr; run it by hand with `docker run -it` to see what it does",
  };
};
