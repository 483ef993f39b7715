import { existsSync } from "node:fs";
import { join } from "node:path";
import { ConfigError } from "../../common/errors.js";
import type { LoadWarning } from "../model/project.js";
import { PathSourceMap } from "../source-map.js";
import { readDotenvFile } from "./dotenv.js";
import { applyExtends } from "./extends.js";
import { applyIncludes, type IncludeRequest } from "./include.js";
import { loadParsedFile, type LoadedFile } from "./load-file.js";
import { enforceUnicity, mergeTrees } from "./merge.js";
import { isTree, parseComposeFile, type ParsedFile, type Tree } from "./parse.js";
import { readComposeFile } from "./read.js";
import { resolveResourcePaths, resolveServicePaths } from "./resolve-paths.js";
import { lookupIn, type VariableLookup } from "./template.js";
import type { TreePath } from "../tree-path.js";

/** The compose files of one project merged into one canonical tree, with positions. */
export interface MergedFiles {
  readonly tree: Tree;
  readonly sourceMap: PathSourceMap;
  readonly files: readonly string[];
  readonly warnings: readonly LoadWarning[];
}

interface Session {
  readonly home: string;
  readonly environment: Readonly<Record<string, string>>;
  readonly sourceMap: PathSourceMap;
  readonly files: string[];
  readonly warnings: LoadWarning[];
  readonly cache: Map<string, LoadedFile>;
  /** The files being loaded, outermost first: an include of one of them is a cycle. */
  readonly loading: string[];
}

/**
 * Loads every file (interpolate → schema → canonical → include → extends), then merges them
 * in order. Includes first, so that extended services see merged attributes; merging last,
 * so that an override file may add to an extended service.
 */
export function loadAndMergeFiles(parsed: readonly ParsedFile[], environment: Readonly<Record<string, string>>, home: string, workingDir: string): MergedFiles {
  const session: Session = { home, environment, sourceMap: new PathSourceMap(), files: [], warnings: [], cache: new Map(), loading: [] };
  const tree = mergeLoaded(parsed.map((file) => loadFile(file, lookupIn(environment), session, workingDir)), session);
  return { tree, sourceMap: session.sourceMap, files: session.files, warnings: session.warnings };
}

// Positions are recorded here, file by file, so that appended and de-duplicated list items
// keep pointing at the file and line they came from. Files read only for `extends` are not
// recorded: they lend one service, whose positions extends already copied.
function mergeLoaded(files: readonly LoadedFile[], session: Session): Tree {
  let tree: Tree = {};
  for (const file of files) {
    const appended: [TreePath, number][] = [];
    tree = mergeTrees(tree, file.tree, file.tags, (path, baseLength) => appended.push([path, baseLength]));
    for (const [path, baseLength] of appended) file.sourceMap.reindex(path, shiftedBy(baseLength, listLength(file.tree, path)));
    session.sourceMap.absorb(file.sourceMap);
  }
  if (!isTree(tree["services"])) return tree;
  return { ...tree, services: enforceUnicity(tree["services"], (path, oldIndexOf) => session.sourceMap.reindex(path, oldIndexOf)) };
}

function shiftedBy(offset: number, length: number): (number | undefined)[] {
  return Array.from({ length: offset + length }, (_, index) => (index < offset ? undefined : index - offset));
}

function listLength(tree: Tree, path: TreePath): number {
  let node: unknown = tree;
  for (const key of path) node = isTree(node) ? node[String(key)] : undefined;
  return Array.isArray(node) ? node.length : 0;
}

// `dir` is the project directory of the file: the main project's for the -f files (as in
// compose, an override in a sub-folder still resolves against the project), a file's own
// folder when it is read for `extends`, the include's project_directory for included files.
function loadFile(parsed: ParsedFile, lookup: VariableLookup, session: Session, dir?: string): LoadedFile {
  const withIncludes = loadWithIncludes(parsed, lookup, session, dir);
  // A base named through `extends.file` is that file without its own extends applied: the
  // walk resolves each service once across files, so a.yaml may extend b.yaml which extends
  // another service of a.yaml, and a real cycle is found service by service, not file by file.
  const loadOther = (file: string) => (file === withIncludes.file ? withIncludes : cachedFile(file, lookup, session));
  return applyExtends(withIncludes, loadOther, session.home);
}

function loadWithIncludes(parsed: ParsedFile, lookup: VariableLookup, session: Session, dir?: string): LoadedFile {
  session.files.push(parsed.file);
  const loaded = loadParsedFile(parsed, lookup, dir);
  session.warnings.push(...loaded.warnings);
  session.loading.push(parsed.file);
  try {
    return applyIncludes(loaded, (request) => loadIncluded(request, session));
  } finally {
    session.loading.pop();
  }
}

function cachedFile(file: string, lookup: VariableLookup, session: Session): LoadedFile {
  const cached = session.cache.get(file);
  if (cached) return cached;
  const loaded = loadWithIncludes(parseComposeFile(readComposeFile(file)), lookup, session);
  session.cache.set(file, loaded);
  return loaded;
}

// An included project reads its own `.env` (unless env_file says otherwise); the including
// project's variables still win, like the shell does over `.env`.
function loadIncluded(request: IncludeRequest, session: Session): Tree {
  const looped = request.files.find((file) => session.loading.includes(file));
  if (looped !== undefined) throw includeCycleError(session.loading, looped, request);
  const defaultEnv = join(request.projectDirectory, ".env");
  const envFiles = request.envFiles.length > 0 ? request.envFiles : existsSync(defaultEnv) ? [defaultEnv] : [];
  let fromFiles: Record<string, string> = {};
  for (const file of envFiles) fromFiles = { ...fromFiles, ...readDotenvFile(file, { lookup: lookupIn(session.environment), initial: fromFiles }).values };
  const lookup = lookupIn({ ...fromFiles, ...session.environment });
  const tree = mergeLoaded(request.files.map((file) => loadFile(parseComposeFile(readComposeFile(file)), lookup, session, request.projectDirectory)), session);
  return withAbsolutePaths(tree, { dir: request.projectDirectory, home: session.home });
}

function withAbsolutePaths(tree: Tree, base: { dir: string; home: string }): Tree {
  const services = isTree(tree["services"]) ? tree["services"] : {};
  const resolved = Object.fromEntries(Object.entries(services).map(([name, service]) => [name, isTree(service) ? resolveServicePaths(service, base) : service]));
  return resolveResourcePaths({ ...tree, services: resolved }, base);
}

function includeCycleError(loading: readonly string[], looped: string, request: IncludeRequest): ConfigError {
  const chain = [...loading.slice(loading.indexOf(looped)), looped];
  const steps = chain.map((file, index) => (index === 0 ? file : `includes ${file}`)).join(", ");
  return new ConfigError("compose.include-cycle", `include cycle: ${steps}`, {
    ...(request.location ? { location: request.location } : {}),
    hint: chain.length === 2 ? "a file cannot include itself: remove this include entry" : "remove one of these includes: a project cannot include itself, directly or through others",
  });
}
