import type { Classifier } from "./diagnosis.js";

/** The kernel killed the container for exceeding its memory limit (State.OOMKilled, never 137 alone). */
export const oomKilled: Classifier = (evidence) => {
  // The engine's `oom` event also counts: a restarted container's State no longer says OOMKilled.
  const oomEvent = evidence.events?.includes("oom") === true;
  if (!evidence.inspect?.State.OOMKilled && !oomEvent) return undefined;
  return {
    code: "oom-killed",
    message: `${evidence.service} was killed because it ran out of memory`,
    evidence: { oomKilled: evidence.inspect?.State.OOMKilled ?? false, oomEvent, exitCode: evidence.inspect?.State.ExitCode ?? null, events: evidence.events ?? [] },
    hint: "raise mem_limit / deploy.resources.limits.memory, or make the process use less memory",
  };
};
