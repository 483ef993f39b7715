import { hasStopped, isLooping, type Classifier, type ServiceEvidence } from "./diagnosis.js";

/** It exited or loops without printing anything: show what a diagnostic rerun printed. */
export const noOutput: Classifier = (evidence) => {
  if (evidence.phase !== "gate" || !evidence.inspect || (evidence.logTail ?? "").trim() !== "") return undefined;
  const looping = isLooping(evidence.inspect, evidence.gate?.reason);
  if (!looping && !failedSilently(evidence)) return undefined;
  const rerun = evidence.diagnosticRun;
  return {
    code: "no-output",
    message: `${evidence.service} ${looping ? "keeps restarting" : "stopped"} without printing anything to its logs`,
    evidence: { exitCode: evidence.inspect.State.ExitCode, restartCount: evidence.inspect.RestartCount, diagnosticRun: rerun ?? null },
    hint: rerun?.output.trim()
      ? "the diagnostic run (with a terminal, shell tracing and the files it wrote on its volumes) printed the output above: start there"
      : "make the program log to stdout/stderr; run it by hand with `docker run -it` to see what it does",
  };
};

function failedSilently(evidence: ServiceEvidence): boolean {
  return hasStopped(evidence) && !(evidence.inspect?.State.ExitCode === 0 && !evidence.inspect.State.Restarting);
}
