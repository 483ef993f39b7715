import { ConfigError } from "../../common/errors.js";
import type { PathSourceMap } from "../source-map.js";
import { normalizeRules, type NormalizeContext } from "../tables/normalize-rules.js";
import { ruleKey } from "../tables/rule-lookup.js";
import { formatPath, type TreePath } from "../tree-path.js";
import { addImplicitDependencies } from "./implicit-dependencies.js";
import { isTree, type Tree } from "./parse.js";
import { resolveResourcePaths, resolveServicePaths, type PathBase } from "./resolve-paths.js";

export interface NormalizeInput {
  readonly tree: Tree;
  readonly projectName: string;
  readonly base: PathBase;
  readonly lookup: (name: string) => string | undefined;
  readonly sourceMap: PathSourceMap;
}

/**
 * Fills in what compose fills in after merging: absolute paths, Go durations, byte sizes,
 * build defaults, implicit dependencies, the default network and resource names.
 */
export function normalizeTree(input: NormalizeInput): Tree {
  const tree = resolveResourcePaths(input.tree, input.base);
  const services = isTree(tree["services"]) ? tree["services"] : {};
  const normalized: Tree = {};
  for (const [name, service] of Object.entries(services)) {
    normalized[name] = isTree(service) ? normalizeService(name, service, input) : service;
  }
  const resources = namedResources(tree, input.projectName);
  return { ...tree, services: normalized, ...resources, configs: configContents(resources["configs"] as Tree, input.lookup) };
}

function normalizeService(name: string, service: Tree, input: NormalizeInput): Tree {
  const resolved = resolveServicePaths(service, input.base);
  const result: Tree = {};
  for (const [field, value] of Object.entries(resolved)) {
    const path = ["services", name, field];
    const rule = normalizeRules.get(ruleKey(path));
    const next = rule && value !== null ? rule(value, contextFor(path, input)) : value;
    if (next !== undefined) result[field] = next;
  }
  if (result["network_mode"] === undefined && !hasEntries(result["networks"])) result["networks"] = { default: null };
  return addImplicitDependencies(result, (dependency, key) => {
    const location = input.sourceMap.locate(["services", name, key]);
    if (location) input.sourceMap.set(["services", name, "depends_on", dependency], location);
  });
}

function hasEntries(value: unknown): boolean {
  return isTree(value) && Object.keys(value).length > 0;
}

function contextFor(path: TreePath, input: NormalizeInput): NormalizeContext {
  return {
    lookup: input.lookup,
    fail(message, hint, subPath = []) {
      const at = [...path, ...subPath];
      const location = input.sourceMap.locateNearest(at);
      throw new ConfigError("compose.invalid-value", `${formatPath(at)}: ${message}`, { ...(location ? { location } : {}), hint });
    },
  };
}

// Unnamed resources get `<project>_<key>`; external ones are looked up by their key.
function namedResources(tree: Tree, project: string): Tree {
  const result: Tree = {};
  for (const section of ["networks", "volumes", "secrets", "configs"]) {
    const entries: Tree = isTree(tree[section]) ? { ...tree[section] } : {};
    if (section === "networks" && !("default" in entries)) entries["default"] = {};
    result[section] = Object.fromEntries(Object.entries(entries).map(([key, value]) => [key, withName(key, value, project)]));
  }
  return result;
}

// A config taken from a variable carries its value as content (compose-go
// resolveConfigsEnvironment); `config` does not print it. Secrets never carry their value.
function configContents(configs: Tree, lookup: (name: string) => string | undefined): Tree {
  return Object.fromEntries(
    Object.entries(configs).map(([key, config]) => {
      const variable = isTree(config) ? config["environment"] : undefined;
      const value = typeof variable === "string" ? lookup(variable) : undefined;
      return [key, value === undefined ? config : { ...(config as Tree), content: value }];
    }),
  );
}

function withName(key: string, value: unknown, project: string): unknown {
  const resource: Tree = isTree(value) ? value : {};
  if (typeof resource["name"] === "string") return resource;
  return { name: resource["external"] === true ? key : `${project}_${key}`, ...resource };
}
