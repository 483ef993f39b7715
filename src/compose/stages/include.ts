import { dirname, resolve } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { ConfigError, type SourceLocation } from "../../common/errors.js";
import type { LoadedFile } from "./load-file.js";
import { mergeTrees } from "./merge.js";
import { readReferencedFile } from "./read.js";
import { isTree, type Tree } from "./parse.js";

/** One `include` entry in long form, with absolute paths. */
export interface IncludeRequest {
  readonly files: readonly string[];
  readonly projectDirectory: string;
  readonly envFiles: readonly string[];
  /** The include entry that asked for these files. */
  readonly location?: SourceLocation;
}

/** Loads an included project as a canonical tree with its paths already absolute. */
export type IncludeLoader = (request: IncludeRequest) => Tree;

/**
 * Brings `include`d projects in before the including file's own keys, which merge on top.
 * Each included project is loaded on its own (its own folder, its own `.env`), so its
 * relative paths resolve against its folder, not the including project's.
 */
export function applyIncludes(file: LoadedFile, loadIncluded: IncludeLoader): LoadedFile {
  const entries = file.tree["include"];
  if (!Array.isArray(entries)) return file;
  const { include: _include, ...own } = file.tree;
  let tree: Tree = {};
  entries.forEach((entry, index) => {
    const location = file.sourceMap.locateNearest(["include", index]);
    const request = { ...includeRequest(entry, file.dir), ...(location ? { location } : {}) };
    const imported = readReferencedFile(() => loadIncluded(request), location, "include");
    assertNoConflict(imported, tree, () => location);
    tree = mergeTrees(tree, imported);
  });
  assertNoConflict(tree, own, (path) => file.sourceMap.locateNearest(path));
  return { ...file, tree: mergeTrees(tree, own, file.tags) };
}

const resourceSections = ["services", "volumes", "networks", "secrets", "configs"] as const;

// compose-go's importResources: a resource an include brings may be declared again only
// identically; a different definition is an error, not a merge (use an override file for that).
function assertNoConflict(imported: Tree, target: Tree, locate: (path: readonly string[]) => SourceLocation | undefined): void {
  for (const section of resourceSections) {
    const from = imported[section];
    const to = target[section];
    if (!isTree(from) || !isTree(to)) continue;
    const name = Object.keys(from).find((key) => key in to && !isDeepStrictEqual(from[key], to[key]));
    if (name === undefined) continue;
    const location = locate([section, name]);
    throw new ConfigError("compose.include-conflict", `${section}.${name} conflicts with imported resource`, {
      ...(location ? { location } : {}),
      hint: `an included project already defines ${section}.${name}: rename one of them, or change the included one through an override file (-f) instead of redefining it`,
    });
  }
}

function includeRequest(entry: unknown, baseDir: string): IncludeRequest {
  const long = isTree(entry) ? entry : { path: entry };
  const files = (Array.isArray(long["path"]) ? long["path"] : [long["path"]]).map((path) => resolve(baseDir, String(path)));
  const projectDirectory = typeof long["project_directory"] === "string" ? resolve(baseDir, long["project_directory"]) : dirname(files[0] ?? baseDir);
  const envFiles = long["env_file"] === undefined ? [] : (Array.isArray(long["env_file"]) ? long["env_file"] : [long["env_file"]]).map((path) => resolve(baseDir, String(path)));
  return { files, projectDirectory, envFiles };
}
