import { randomBytes } from "node:crypto";
import { appendFile, readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { makePrivateDirs, privateFileMode } from "../common/private-files.js";
import type { JournalEntry, NewJournalEntry } from "./journal-entry.js";

/** The folder of one run: its journal and the reports rendered from it. */
export const runDir = (stateDir: string, runId: string): string => join(stateDir, "runs", runId);
export const journalPath = (stateDir: string, runId: string): string => join(runDir(stateDir, runId), "journal.jsonl");

export interface Journal {
  readonly runId: string;
  readonly dir: string;
  /** Appends one line; entries are written in call order, each redacted first. */
  append(entry: NewJournalEntry): Promise<void>;
}

export interface JournalOptions {
  /** Applied to every entry before it is written (the redactor's `data`), so no secret reaches disk. */
  readonly redact?: <T>(value: T) => T;
  readonly now?: () => Date;
  /** Runs kept under the state dir, this one included: older run folders go when a run opens. */
  readonly keepRuns?: number;
}

/** Enough history for the dashboard (50 runs) and weeks of deploys, bounded on disk. */
export const defaultKeepRuns = 200;

/** A sortable, unique run id: `20261123T074512Z-3fa1c2`. */
export function newRunId(now: Date = new Date()): string {
  return `${now.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z")}-${randomBytes(3).toString("hex")}`;
}

/** Opens (creating) the append-only JSONL journal of one run under the project's state dir. */
export async function openJournal(stateDir: string, runId: string, options: JournalOptions = {}): Promise<Journal> {
  const dir = runDir(stateDir, runId);
  await makePrivateDirs(stateDir, join(stateDir, "runs"), dir);
  await pruneRuns(stateDir, options.keepRuns ?? defaultKeepRuns, runId);
  const path = journalPath(stateDir, runId);
  const redact = options.redact ?? (<T>(value: T) => value);
  const now = options.now ?? (() => new Date());
  let tail: Promise<void> = Promise.resolve();
  const append = (entry: NewJournalEntry): Promise<void> => {
    const line = `${JSON.stringify(redact({ at: now().toISOString(), ...entry }))}\n`;
    // Each line waits for the one before, but not for its success: one failed write (a full
    // disk) must not make every later line, run-finished included, fail with the same error.
    const written = tail.then(() => appendFile(path, line, { encoding: "utf8", mode: privateFileMode }));
    tail = written.catch(() => undefined);
    return written;
  };
  return { runId, dir, append };
}

/** Every entry of a journal; a torn last line (a crash mid-write) is skipped. */
export async function readJournal(stateDir: string, runId: string): Promise<JournalEntry[]> {
  const text = await readFile(journalPath(stateDir, runId), "utf8");
  return text.split("\n").flatMap((line) => {
    if (line.trim() === "") return [];
    try {
      return [JSON.parse(line) as JournalEntry];
    } catch {
      return [];
    }
  });
}

/** Run ids with a journal, oldest first (ids sort by time). */
export async function listRuns(stateDir: string): Promise<string[]> {
  const entries = await readdir(join(stateDir, "runs"), { withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
}

export async function latestRun(stateDir: string): Promise<string | undefined> {
  return (await listRuns(stateDir)).at(-1);
}

/**
 * Removes the oldest run folders beyond `keep` (journals and reports), never `current`. Two
 * berth processes may prune at once: a folder already gone is not an error.
 */
export async function pruneRuns(stateDir: string, keep: number, current: string): Promise<string[]> {
  const runs = await listRuns(stateDir);
  const doomed = runs.slice(0, Math.max(0, runs.length - Math.max(1, keep))).filter((runId) => runId !== current);
  await Promise.all(doomed.map((runId) => rm(runDir(stateDir, runId), { recursive: true, force: true })));
  return doomed;
}
