import { isLooping, tail, type Classifier } from "./diagnosis.js";

/** The engine keeps restarting the container: it never stays up. */
export const crashLoop: Classifier = (evidence) => {
  const inspect = evidence.inspect;
  if (!inspect) return undefined;
  // The gate saw restarts happen; the snapshot taken afterwards may catch it between two runs.
  if (!isLooping(inspect, evidence.gate?.reason)) return undefined;
  return {
    code: "crash-loop",
    message: `${evidence.service} keeps crashing and being restarted (${inspect.RestartCount} restarts)`,
    evidence: { restartCount: inspect.RestartCount, exitCode: lastExitCode(evidence.events) ?? inspect.State.ExitCode, events: evidence.events ?? [], logTail: tail(evidence.logTail) },
    hint: "read the log tail for the error the process prints before it exits; berth up stops waiting for a crash-looping service",
  };
};

/** The code of the newest `die (exit N)` event: between two runs the engine's state may say 0. */
export function lastExitCode(events: readonly string[] | undefined): number | undefined {
  const code = [...(events ?? [])].reverse().map((e) => /^die \(exit (\d+)\)/.exec(e)?.[1]).find((c) => c !== undefined);
  return code === undefined ? undefined : Number(code);
}
