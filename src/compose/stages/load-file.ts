import { dirname } from "node:path";
import type { LoadWarning } from "../model/project.js";
import type { PathSourceMap } from "../source-map.js";
import { canonicalizeTree } from "./canonical.js";
import { interpolateTree } from "./interpolate.js";
import { isTree, type ParsedFile, type TagMark, type Tree } from "./parse.js";
import { validateSchema } from "./schema.js";
import type { VariableLookup } from "./template.js";

/** One compose file, interpolated, validated and in canonical form: ready to merge. */
export interface LoadedFile {
  readonly file: string;
  /** Where this file's relative `include` and `extends.file` paths resolve: the project directory. */
  readonly dir: string;
  readonly tree: Tree;
  readonly tags: readonly TagMark[];
  readonly sourceMap: PathSourceMap;
  readonly warnings: readonly LoadWarning[];
}

/**
 * The per-file part of the pipeline, in compose-go's order: interpolate (values only, with
 * type casts) → drop the obsolete `version` → schema → canonical form.
 */
export function loadParsedFile(parsed: ParsedFile, lookup: VariableLookup, dir: string = dirname(parsed.file)): LoadedFile {
  const locate = (path: readonly (string | number)[]) => parsed.sourceMap.locateNearest(path);
  const interpolated = interpolateTree(parsed.tree, { lookup, locate });
  const tree = interpolated.value as Tree;
  const warnings: LoadWarning[] = [...interpolated.warnings];
  validateSchema(parsed, tree);
  if ("version" in tree) warnings.push(versionWarning(parsed));
  const { version: _version, ...withoutVersion } = tree;
  const canonical = canonicalizeTree(withoutVersion, parsed.file, parsed.sourceMap);
  return { file: parsed.file, dir, tree: canonical, tags: parsed.tags, sourceMap: parsed.sourceMap, warnings };
}

function versionWarning(parsed: ParsedFile): LoadWarning {
  const location = parsed.sourceMap.locate(["version"]) ?? { file: parsed.file, line: 1, column: 1 };
  return {
    code: "compose.version-obsolete",
    message: `the attribute \`version\` is obsolete, it will be ignored, please remove it to avoid potential confusion`,
    location,
  };
}

/** The services of a loaded file, or none. */
export function servicesOf(tree: Tree): Tree {
  return isTree(tree["services"]) ? tree["services"] : {};
}
