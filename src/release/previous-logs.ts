import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** The last lines of a container `up` or `rollback` removed, kept for `berth logs --previous`. */
export interface PreviousContainer {
  readonly service: string;
  readonly number: number;
  /** The short id of the removed container. */
  readonly id: string;
  readonly name: string;
  /** The image reference it was created from, and the short id of that image. */
  readonly image: string;
  readonly imageId: string;
  /** ISO times: when it started, and when berth removed it. */
  readonly startedAt: string;
  readonly removedAt: string;
  /** Which berth command replaced it. */
  readonly removedBy: string;
  /** Its last output lines, each `<RFC 3339 time> <text>`, already redacted. */
  readonly lines: readonly string[];
  /** True when it had written more than the lines kept. */
  readonly truncated: boolean;
}

/** How much is kept: the last lines of the last containers of each service. */
export const previousLimits = { linesPerContainer: 200, containersPerService: 3, charsPerLine: 2000 } as const;

const fileName = "previous-logs.json";

/** The containers kept per service, oldest first; empty when none was ever kept or the file is unreadable. */
export async function readPreviousLogs(stateDir: string): Promise<Record<string, PreviousContainer[]>> {
  try {
    const parsed = JSON.parse(await readFile(join(stateDir, fileName), "utf8")) as unknown;
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, PreviousContainer[]>) : {};
  } catch {
    return {};
  }
}

/**
 * Adds a removed container's record, keeping the newest `containersPerService` of its service.
 * The file is replaced whole (0600, in a 0700 folder: it holds log lines).
 */
export async function keepPreviousLogs(stateDir: string, record: PreviousContainer): Promise<void> {
  const all = await readPreviousLogs(stateDir);
  const kept = [...(all[record.service] ?? []).filter((entry) => entry.id !== record.id), record].slice(-previousLimits.containersPerService);
  await mkdir(stateDir, { recursive: true, mode: 0o700 });
  const path = join(stateDir, fileName);
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify({ ...all, [record.service]: kept }, null, 1)}\n`, { mode: 0o600 });
  await rename(temporary, path);
}

/** The last lines of a container's output, each cut to `charsPerLine`; whether more were written. */
export function lastLines(text: string): { lines: string[]; truncated: boolean } {
  const all = text.split("\n");
  if (all.at(-1) === "") all.pop();
  const lines = all.slice(-previousLimits.linesPerContainer).map((line) => (line.length > previousLimits.charsPerLine ? `${line.slice(0, previousLimits.charsPerLine)}…` : line));
  return { lines, truncated: all.length > previousLimits.linesPerContainer };
}
