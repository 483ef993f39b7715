import { hasStopped, tail, type Classifier } from "./diagnosis.js";

/** What an exit code usually means; 137 says SIGKILL, not OOM (OOMKilled says that). */
export const exitCodeMeanings: Readonly<Record<number, string>> = {
  1: "the program reported a general error",
  2: "the program was called wrongly (shell builtin misuse or bad arguments)",
  126: "the command was found but is not executable (permissions or wrong format)",
  127: "the command was not found in the image (typo, or missing from PATH)",
  130: "interrupted (SIGINT)",
  134: "aborted (SIGABRT), often a failed assertion",
  137: "killed by SIGKILL: out of memory, or a stop that timed out",
  139: "segmentation fault (SIGSEGV): the program crashed",
  143: "terminated by SIGTERM",
};

/** The container exited with a non-zero code. */
export const exitNonzero: Classifier = (evidence) => {
  const state = evidence.inspect?.State;
  // A process that ran, or a command the runtime could not exec (126/127 at start); other
  // refusals at start (exit 128: ports, mounts) have their own diagnoses.
  const ran = evidence.phase === "gate" || (evidence.phase === "start" && (state?.ExitCode === 126 || state?.ExitCode === 127));
  if (!state || !ran || !hasStopped(evidence) || state.ExitCode === 0) return undefined;
  const meaning = exitCodeMeanings[state.ExitCode] ?? (state.ExitCode > 128 ? `killed by signal ${state.ExitCode - 128}` : "the program reported an error");
  return {
    code: "exit-nonzero",
    message: `${evidence.service} exited with code ${state.ExitCode}: ${meaning}`,
    evidence: { exitCode: state.ExitCode, meaning, error: state.Error || null, logTail: tail(evidence.logTail) },
    hint: hintFor(state.ExitCode),
  };
};

function hintFor(code: number): string {
  if (code === 127) return "check command/entrypoint for typos and that the program is installed in the image";
  if (code === 126) return "make the entrypoint executable (chmod +x in the Dockerfile) or run it through its interpreter";
  if (code === 139) return "the process crashed: check native dependencies and the image's architecture";
  return "read the log tail for the error; run the service's command by hand with `docker run` to iterate";
}
