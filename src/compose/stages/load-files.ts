import { existsSync } from "node:fs";
import { join } from "node:path";
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
}

/**
 * Loads every file (interpolate → schema → canonical → include → extends), then merges them
 * in order. Includes first, so that extended services see merged attributes; merging last,
 * so that an override file may add to an extended service.
 */
export function loadAndMergeFiles(parsed: readonly ParsedFile[], environment: Readonly<Record<string, string>>, home: string): MergedFiles {
  const session: Session = { home, environment, sourceMap: new PathSourceMap(), files: [], warnings: [], cache: new Map() };
  const tree = mergeLoaded(parsed.map((file) => loadFile(file, lookupIn(environment), session)));
  return { tree, sourceMap: session.sourceMap, files: session.files, warnings: session.warnings };
}

function mergeLoaded(files: readonly LoadedFile[]): Tree {
  let tree: Tree = {};
  for (const file of files) tree = mergeTrees(tree, file.tree, file.tags);
  return isTree(tree["services"]) ? { ...tree, services: enforceUnicity(tree["services"]) } : tree;
}

// Positions are recorded after extends (which adds inherited ones), and only for files whose
// services become the project's: a file read for `extends` only lends one service.
function loadFile(parsed: ParsedFile, lookup: VariableLookup, session: Session, recordPositions = true): LoadedFile {
  session.files.push(parsed.file);
  const loaded = loadParsedFile(parsed, lookup);
  session.warnings.push(...loaded.warnings);
  const withIncludes = applyIncludes(loaded, (request) => loadIncluded(request, session));
  const loadOther = (file: string) => cachedFile(file, lookup, session);
  const extended = applyExtends(withIncludes, loadOther, session.home);
  if (recordPositions) session.sourceMap.absorb(parsed.sourceMap);
  return extended;
}

function cachedFile(file: string, lookup: VariableLookup, session: Session): LoadedFile {
  const cached = session.cache.get(file);
  if (cached) return cached;
  const loaded = loadFile(parseComposeFile(readComposeFile(file)), lookup, session, false);
  session.cache.set(file, loaded);
  return loaded;
}

// An included project reads its own `.env` (unless env_file says otherwise); the including
// project's variables still win, like the shell does over `.env`.
function loadIncluded(request: IncludeRequest, session: Session): Tree {
  const defaultEnv = join(request.projectDirectory, ".env");
  const envFiles = request.envFiles.length > 0 ? request.envFiles : existsSync(defaultEnv) ? [defaultEnv] : [];
  let fromFiles: Record<string, string> = {};
  for (const file of envFiles) fromFiles = { ...fromFiles, ...readDotenvFile(file, { lookup: lookupIn(session.environment), initial: fromFiles }).values };
  const lookup = lookupIn({ ...fromFiles, ...session.environment });
  const tree = mergeLoaded(request.files.map((file) => loadFile(parseComposeFile(readComposeFile(file)), lookup, session)));
  return withAbsolutePaths(tree, { dir: request.projectDirectory, home: session.home });
}

function withAbsolutePaths(tree: Tree, base: { dir: string; home: string }): Tree {
  const services = isTree(tree["services"]) ? tree["services"] : {};
  const resolved = Object.fromEntries(Object.entries(services).map(([name, service]) => [name, isTree(service) ? resolveServicePaths(service, base) : service]));
  return resolveResourcePaths({ ...tree, services: resolved }, base);
}
