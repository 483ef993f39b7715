import { chmod } from "node:fs/promises";
import { makeDirs } from "./make-dirs.js";

/** Files of berth's state (journals and reports hold log tails, releases hold the environment): the owner's only. */
export const privateFileMode = 0o600;

/**
 * Creates folders of berth's state readable by their owner only (0700), each missing one on the
 * way included, and tightens the given ones that already exist (a state dir made by an older
 * berth was 0755): a journal's log tails are nobody else's business.
 */
export async function makePrivateDirs(...paths: readonly string[]): Promise<void> {
  for (const path of paths) {
    await makeDirs(path);
    await chmod(path, 0o700);
  }
}
