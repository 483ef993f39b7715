import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** The file, in the project's state folder, that remembers the load warnings already shown. */
export const shownWarningsFile = "shown-warnings.json";
/** Keys kept: the newest ones (a project whose files change often forgets its oldest warnings). */
const keep = 200;

/**
 * The load warnings not shown before for this project: a warning (the obsolete `version`
 * attribute, an unset variable) is printed once, not on every `ps`, and again when its text or a
 * compose file changes (the key is the warning's text plus the hash of the compose files). The
 * warnings returned are remembered as shown. A state folder that cannot be read or written shows
 * them all: a warning printed twice is better than one never printed.
 */
export function unseenWarnings(stateDir: string, composeFiles: readonly string[], warnings: readonly string[]): string[] {
  if (warnings.length === 0) return [];
  const files = filesHash(composeFiles);
  const path = join(stateDir, shownWarningsFile);
  const shown = readShown(path);
  const fresh = warnings.filter((warning) => !shown.includes(keyOf(files, warning)));
  if (fresh.length === 0) return [];
  try {
    mkdirSync(stateDir, { recursive: true });
    writeFileSync(path, `${JSON.stringify([...shown, ...fresh.map((w) => keyOf(files, w))].slice(-keep))}\n`);
  } catch {
    // Not remembered: shown again next time.
  }
  return fresh;
}

function keyOf(filesHash: string, warning: string): string {
  return createHash("sha256").update(filesHash).update("\0").update(warning).digest("hex").slice(0, 32);
}

function filesHash(composeFiles: readonly string[]): string {
  const hash = createHash("sha256");
  for (const file of composeFiles) {
    hash.update(file).update("\0");
    try {
      hash.update(readFileSync(file));
    } catch {
      hash.update("unreadable");
    }
  }
  return hash.digest("hex");
}

function readShown(path: string): string[] {
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, "utf8"));
    return Array.isArray(parsed) ? parsed.filter((key): key is string => typeof key === "string") : [];
  } catch {
    return [];
  }
}
