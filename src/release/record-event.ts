import type { Release } from "./release.js";
import { recordRelease } from "./release-store.js";

/** A `down`, restore or migration as `berth history` shows it: what it did, and how it ended. */
export interface StackEvent {
  readonly project: string;
  readonly command: "down" | "restore" | "migrate";
  readonly ok: boolean;
  /** One line: names and counts only, never a configuration value. */
  readonly note: string;
  /** Why it failed, one line; only when `ok` is false. */
  readonly failure?: string;
  readonly at?: string;
}

/** Records the event in `releases.jsonl` beside the deployments. Callers hold the project lock. */
export async function recordEvent(stateDir: string, event: StackEvent): Promise<Release> {
  return recordRelease(stateDir, eventRelease(event, new Date().toISOString()));
}

/** Pure: the release record of an event (no images: nothing was deployed). */
export function eventRelease(event: StackEvent, now: string): Omit<Release, "id"> {
  return {
    at: event.at ?? now,
    project: event.project,
    command: event.command,
    outcome: event.ok ? "done" : "failed",
    note: event.note,
    changes: [],
    services: [],
    diagnoses: !event.ok && event.failure ? [event.failure] : [],
  };
}
