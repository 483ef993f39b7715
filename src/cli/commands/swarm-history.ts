import type { JournalEntry } from "../../journal/journal-entry.js";
import { listRuns, readJournal } from "../../journal/journal.js";

/** One run berth made against a project, as its journal recorded it. */
export interface RunRecord {
  readonly runId: string;
  readonly startedAt: string;
  /** As journalled: `up (swarm)`, `verify`, `rollback`, ... */
  readonly command: string;
  /** `ok`, `failed`, `interrupted`, or `unfinished` (no run-finished: berth was killed, or it still runs). */
  readonly outcome: "ok" | "failed" | "interrupted" | "unfinished";
  readonly steps: readonly { readonly service: string; readonly operation: string; readonly outcome: string; readonly detail: string }[];
  readonly diagnoses: readonly { readonly service: string; readonly code: string; readonly message: string }[];
}

/** The project's runs from its journals, newest first (the journal keeps the latest 200). */
export async function readRunRecords(stateDir: string): Promise<RunRecord[]> {
  const runs = (await listRuns(stateDir)).reverse();
  const records = await Promise.all(runs.map(async (runId) => recordOf(runId, await readJournal(stateDir, runId).catch((): JournalEntry[] => []))));
  return records.filter((record): record is RunRecord => record !== undefined);
}

export function recordOf(runId: string, entries: readonly JournalEntry[]): RunRecord | undefined {
  const started = entries.find((entry) => entry.type === "run-started");
  if (started === undefined) return undefined;
  const finished = entries.find((entry) => entry.type === "run-finished");
  const outcome = finished === undefined ? "unfinished" : finished.interrupted === true ? "interrupted" : finished.ok ? "ok" : "failed";
  return {
    runId,
    startedAt: started.at,
    command: started.command,
    outcome,
    steps: entries.flatMap((entry) => (entry.type === "step" && entry.service !== undefined ? [{ service: entry.service, operation: entry.operation, outcome: entry.outcome, detail: entry.detail ?? "" }] : [])),
    diagnoses: entries.flatMap((entry) => (entry.type === "diagnosis" ? [{ service: entry.service, code: String(entry.diagnosis["code"] ?? ""), message: String(entry.diagnosis["message"] ?? "") }] : [])),
  };
}

/**
 * `berth history` on a Swarm manager: the target first (the stack, the manager asked), then each
 * run newest first with what it did to each service and what failed.
 */
export function renderRunHistory(target: { readonly stack: string; readonly manager: string; readonly stateDir: string }, runs: readonly RunRecord[]): string {
  const head = `stack ${target.stack} on the Swarm manager ${target.manager}: runs berth made from this machine (journals in ${target.stateDir})\n`;
  if (runs.length === 0) return `${head}no run recorded yet (berth up records one)\n`;
  return head + runs.map(renderRun).join("");
}

function renderRun(run: RunRecord): string {
  const steps = run.steps.map((step) => `    ${step.service}: ${step.operation} ${step.outcome}${step.detail ? ` (${step.detail})` : ""}\n`);
  const diagnoses = run.diagnoses.map((diagnosis) => `    ! ${diagnosis.service}: ${diagnosis.code}: ${diagnosis.message}\n`);
  return `${run.runId}  ${run.startedAt}  ${run.outcome.padEnd(11)} ${run.command}\n${[...steps, ...diagnoses].join("")}`;
}
