import type { JournalEntry } from "../journal/journal-entry.js";
import { listRuns, readJournal } from "../journal/journal.js";
import type { Evidence } from "../verify/probe.js";

/** One run of berth as its journal tells it: a deployment, a verify, a rollback, ... */
export interface RunSummary {
  readonly runId: string;
  readonly command: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  /** null while running, or when the run ended without a record (a crash). */
  readonly ok: boolean | null;
  readonly durationMs: number | null;
  readonly probes: { readonly passed: number; readonly total: number };
  readonly evidence: readonly Evidence[];
}

/** The newest runs first, at most `limit`; a journal that cannot be read is left out. */
export async function readRunHistory(stateDir: string, limit = 50): Promise<RunSummary[]> {
  const ids = (await listRuns(stateDir)).reverse().slice(0, limit);
  const runs = await Promise.all(ids.map(async (runId) => summarizeRun(runId, await readJournal(stateDir, runId).catch(() => undefined))));
  return runs.filter((run): run is RunSummary => run !== undefined);
}

export function summarizeRun(runId: string, entries: readonly JournalEntry[] | undefined): RunSummary | undefined {
  if (entries === undefined) return undefined;
  const started = entries.find((e) => e.type === "run-started");
  const finished = entries.findLast((e) => e.type === "run-finished");
  const evidence = entries.flatMap((e) => (e.type === "evidence" ? [e.evidence] : []));
  const startedAt = started?.at ?? null;
  const finishedAt = finished?.at ?? null;
  return {
    runId,
    command: started?.command ?? "unknown",
    startedAt,
    finishedAt,
    ok: finished?.ok ?? null,
    durationMs: startedAt && finishedAt ? Date.parse(finishedAt) - Date.parse(startedAt) : null,
    probes: { passed: evidence.filter((e) => e.ok).length, total: evidence.length },
    evidence,
  };
}

/** Runs that deployed (`up`, `up --verify`, ...). */
export const isDeployment = (run: RunSummary): boolean => /^up\b/.test(run.command);
export const isRollback = (run: RunSummary): boolean => /^rollback\b/.test(run.command);
