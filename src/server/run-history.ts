import { access } from "node:fs/promises";
import { join } from "node:path";
import type { JournalEntry } from "../journal/journal-entry.js";
import { listRuns, readJournal, runDir } from "../journal/journal.js";
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
  /** Whether the run saved a report (verify and `up --verify` do; a plain `up` or a rollback does not). */
  readonly hasReport: boolean;
}

/** The newest runs first, at most `limit`; a journal that cannot be read is left out. */
export async function readRunHistory(stateDir: string, limit = 50): Promise<RunSummary[]> {
  const ids = (await listRuns(stateDir)).reverse().slice(0, limit);
  const runs = await Promise.all(
    ids.map(async (runId) => {
      const [entries, hasReport] = await Promise.all([readJournal(stateDir, runId).catch(() => undefined), exists(join(runDir(stateDir, runId), "report.html"))]);
      return summarizeRun(runId, entries, hasReport);
    }),
  );
  return runs.filter((run): run is RunSummary => run !== undefined);
}

export function summarizeRun(runId: string, entries: readonly JournalEntry[] | undefined, hasReport = false): RunSummary | undefined {
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
    hasReport,
  };
}

const exists = (path: string): Promise<boolean> => access(path).then(() => true, () => false);

/** Runs that deployed (`up`, `up --verify`, ...). */
export const isDeployment = (run: RunSummary): boolean => /^up\b/.test(run.command);
export const isRollback = (run: RunSummary): boolean => /^rollback\b/.test(run.command);
