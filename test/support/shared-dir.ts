import { existsSync } from "node:fs";
import { join } from "node:path";

const repoRoot = join(import.meta.dirname, "..", "..");

/**
 * A folder of the read-only reference material (`shared/`: conformance cases, corpora), which sits
 * beside the repository on our machines and CI but is absent from a user's clone. Tests that read
 * it skip when this returns undefined. `BERTH_SHARED_DIR` overrides the search.
 */
export function sharedDir(...parts: string[]): string | undefined {
  const roots = [process.env["BERTH_SHARED_DIR"], join(repoRoot, "..", "shared"), "/work/shared"];
  return roots.filter((root): root is string => root !== undefined).map((root) => join(root, ...parts)).find((dir) => existsSync(dir));
}
