import type { CaseFiles } from "./run-case.js";

/** Whether a smaller case still shows the same problem. */
export type StillFails = (files: CaseFiles) => Promise<boolean>;

/**
 * Shrinks a failing case (delta debugging on lines, file by file, then whole files), keeping
 * every step that still fails the same way. `budget` bounds the number of runs.
 */
export async function minimize(files: CaseFiles, stillFails: StillFails, budget = 300): Promise<CaseFiles> {
  let current = files;
  let runs = 0;
  const attempt = async (candidate: CaseFiles): Promise<boolean> => {
    if (runs >= budget) return false;
    runs += 1;
    return stillFails(candidate);
  };
  for (const path of Object.keys(current)) {
    if (path === "compose.yaml" || runs >= budget) continue;
    const { [path]: _dropped, ...without } = current;
    if (await attempt(without)) current = without;
  }
  for (const path of Object.keys(current)) {
    let lines = (current[path] ?? "").split("\n");
    let chunk = Math.max(1, Math.floor(lines.length / 2));
    while (chunk >= 1 && runs < budget) {
      let removed = false;
      for (let start = 0; start < lines.length && runs < budget; start += chunk) {
        const candidateLines = [...lines.slice(0, start), ...lines.slice(start + chunk)];
        const candidate = { ...current, [path]: candidateLines.join("\n") };
        if (await attempt(candidate)) {
          lines = candidateLines;
          current = candidate;
          removed = true;
          start -= chunk;
        }
      }
      if (!removed) chunk = Math.floor(chunk / 2);
    }
    // Long lines (repeated text) shrink too: halve each line while it still fails.
    for (let index = 0; index < lines.length && runs < budget; index++) {
      while ((lines[index] ?? "").length > 80 && runs < budget) {
        const shorter = [...lines];
        shorter[index] = (lines[index] ?? "").slice(0, Math.ceil((lines[index] ?? "").length / 2));
        const candidate = { ...current, [path]: shorter.join("\n") };
        if (!(await attempt(candidate))) break;
        lines = shorter;
        current = candidate;
      }
    }
  }
  return current;
}
