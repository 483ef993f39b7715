import { resolve } from "node:path";
import { ConfigError } from "../../common/errors.js";
import type { LoadedFile } from "./load-file.js";
import { servicesOf } from "./load-file.js";
import { mergeValue, removePaths } from "./merge.js";
import { isTree, type Tree } from "./parse.js";
import { readReferencedFile } from "./read.js";
import { resolveServicePaths } from "./resolve-paths.js";

/** Loads (and caches) another compose file named by `extends.file`. */
export type FileLoader = (file: string) => LoadedFile;

interface ExtendsWalk {
  readonly loadFile: FileLoader;
  readonly home: string;
  readonly resolved: Map<string, Tree>;
}

/**
 * Replaces every service that has `extends` with the base service merged with its own keys,
 * by the same rules as an override file. A base from another file brings its relative paths
 * resolved against that file's folder; its other services are not imported.
 */
export function applyExtends(file: LoadedFile, loadFile: FileLoader, home: string): LoadedFile {
  const services = servicesOf(file.tree);
  if (!Object.values(services).some((service) => isTree(service) && service["extends"] !== undefined)) return file;
  const walk: ExtendsWalk = { loadFile, home, resolved: new Map() };
  const result: Tree = {};
  for (const name of Object.keys(services)) result[name] = resolveService(file, name, walk, []);
  return { ...file, tree: { ...file.tree, services: result } };
}

function resolveService(file: LoadedFile, name: string, walk: ExtendsWalk, chain: readonly string[]): Tree {
  const key = `${file.file}#${name}`;
  const cached = walk.resolved.get(key);
  if (cached) return cached;
  const service = servicesOf(file.tree)[name] as Tree;
  const extend = service["extends"];
  if (!isTree(extend)) return service;
  if (chain.includes(key)) throw circularError([...chain, key], file, name);
  const other = extend["file"];
  const at = file.sourceMap.locateNearest(["services", name, "extends", "file"]);
  const baseFile = typeof other === "string" ? readReferencedFile(() => walk.loadFile(resolve(file.dir, other)), at, "extends.file") : file;
  const baseName = String(extend["service"]);
  if (!isTree(servicesOf(baseFile.tree)[baseName])) throw missingBaseError(file, name, baseName);
  let base = resolveService(baseFile, baseName, walk, [...chain, key]);
  if (baseFile.file !== file.file) base = resolveServicePaths(base, { dir: baseFile.dir, home: walk.home });
  const { extends: _extends, ...own } = service;
  const ownTags = file.tags.filter((tag) => tag.path[0] === "services" && tag.path[1] === name).map((tag) => tag.path.slice(2));
  const merged = mergeValue(removePaths(base, ownTags), own, ["services", name]) as Tree;
  // Inherited keys point at the base service, where the user must look to change them.
  file.sourceMap.absorb(baseFile.sourceMap, ["services", baseName], ["services", name], true);
  walk.resolved.set(key, merged);
  return merged;
}

function missingBaseError(file: LoadedFile, name: string, baseName: string): ConfigError {
  const location = file.sourceMap.locateNearest(["services", name, "extends"]);
  return new ConfigError("compose.extends-undefined", `cannot extend service "${name}" in ${file.file}: service "${baseName}" not found`, {
    ...(location ? { location } : {}),
    hint: `define service "${baseName}" or fix the name in extends`,
  });
}

function circularError(chain: readonly string[], file: LoadedFile, name: string): ConfigError {
  const steps = chain.map((entry, index) => {
    const [path, service] = [entry.slice(0, entry.lastIndexOf("#")), entry.slice(entry.lastIndexOf("#") + 1)];
    return index === 0 ? `${service} in ${path}` : `extends ${service} in ${path}`;
  });
  const location = file.sourceMap.locateNearest(["services", name, "extends"]);
  return new ConfigError("compose.extends-cycle", `Circular reference: ${steps.join(", ")}`, {
    ...(location ? { location } : {}),
    hint: "break the cycle: a service cannot extend itself, directly or through others",
  });
}
