import { appendFile, mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Release } from "./release.js";

/** `releases.jsonl` in the project's state directory: one JSON release per line, oldest first. */
export function releasesPath(stateDir: string): string {
  return join(stateDir, "releases.jsonl");
}

/** Every recorded release; none when the project was never deployed with rollouts. */
export async function readReleases(stateDir: string): Promise<Release[]> {
  const text = await readFile(releasesPath(stateDir), "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return "";
    throw error;
  });
  // A line cut short by a crash mid-write is skipped rather than failing the whole history.
  return text.split("\n").flatMap((line) => {
    if (line.trim() === "") return [];
    try {
      return [JSON.parse(line) as Release];
    } catch {
      return [];
    }
  });
}

/** Appends a release with the next id and returns it. Callers hold the project lock. */
export async function recordRelease(stateDir: string, release: Omit<Release, "id">): Promise<Release> {
  await mkdir(stateDir, { recursive: true });
  const previous = await readReleases(stateDir);
  const full: Release = { id: (previous.at(-1)?.id ?? 0) + 1, ...release };
  await appendFile(releasesPath(stateDir), `${JSON.stringify(full)}\n`, { mode: 0o600 });
  return full;
}
