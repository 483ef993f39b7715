import type { Classifier } from "./diagnosis.js";

/** Lines apps print while they wait for a dependency: "Waiting for db...", "db:5432 - no response", "retrying in 5s". */
export const waitingLine = /\b(?:waiting for|wait(?:ing)? until|still waiting|retrying in|retry(?:ing)? (?:connection|to connect)|not (?:yet )?(?:ready|available)|is unavailable|no response|sleeping)\b/i;

/** How many of the last lines are waiting lines, and the newest of them. */
export function waitingTail(log: string | undefined, lines = 10): { count: number; last: string | undefined; total: number } {
  const tail = (log ?? "").trimEnd().split("\n").filter((l) => l.trim() !== "").slice(-lines);
  const waiting = tail.filter((l) => waitingLine.test(l));
  return { count: waiting.length, last: waiting.at(-1)?.trim(), total: tail.length };
}

/** The app keeps saying it waits for something: it runs, but it is not ready and will not be. */
export function isStuckWaiting(log: string | undefined): boolean {
  const { count, total } = waitingTail(log);
  const newest = (log ?? "").trimEnd().split("\n").at(-1) ?? "";
  return count >= 3 && count * 2 >= total && waitingLine.test(newest);
}

/** A running service that never got past waiting for a dependency before the deadline. */
export const stuckWaiting: Classifier = (evidence) => {
  if (!isStuckWaiting(evidence.logTail)) return undefined;
  const { count, last } = waitingTail(evidence.logTail);
  return {
    code: "stuck-waiting",
    message: `${evidence.service} is running but not ready: it keeps waiting for a dependency (${count} of its last log lines)`,
    evidence: { line: last ?? "", restartCount: evidence.inspect?.RestartCount ?? 0 },
    hint: `what ${evidence.service} waits for is named in the quoted line: check that service's state and the host, port and credentials ${evidence.service} uses to reach it (a wrong password often shows up only as endless waiting)`,
  };
};
