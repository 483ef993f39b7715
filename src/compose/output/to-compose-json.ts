import type { Project } from "../model/project.js";
import type { TreePath } from "../tree-path.js";
import { hiddenServiceKeys, keepEmpty, keepFalse, matchesAny, omitTrue, orderFor } from "./omission-rules.js";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * The project in the shape `docker compose config --format json` prints: top-level sections
 * only when non-empty, service `x-*` keys and env_file left out, command/entrypoint always
 * present, Go's omitempty rules, and every `$` doubled so the output loads back unchanged.
 */
export function toComposeJson(project: Project): Record<string, Json> {
  const output: Record<string, unknown> = { name: project.name, services: servicesForOutput(project) };
  for (const section of ["networks", "volumes", "secrets", "configs"] as const) {
    const entries = section === "networks" ? withIpam(project.networks) : section === "configs" ? withoutEnvironmentContent(project.configs) : project[section];
    if (Object.keys(entries).length > 0) output[section] = entries;
  }
  Object.assign(output, project.extensions);
  return clean(output, []) as Record<string, Json>;
}

function servicesForOutput(project: Project): Record<string, unknown> {
  const services: Record<string, unknown> = {};
  for (const [name, service] of Object.entries(project.services)) {
    const full: Record<string, unknown> = { ...service, command: service.command ?? null, entrypoint: service.entrypoint ?? null, ...ulimitsForOutput(service.ulimits) };
    const visible = Object.entries(full).filter(([key]) => !hiddenServiceKeys.has(key) && !key.startsWith("x-"));
    services[name] = Object.fromEntries(visible.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }
  return services;
}

// compose prints a single ulimit as its number, soft/hard as a mapping.
function ulimitsForOutput(ulimits: Project["services"][string]["ulimits"]): Record<string, unknown> {
  if (!ulimits) return {};
  const entries = Object.entries(ulimits).map(([key, u]) => [key, u.single !== undefined ? u.single : u]);
  return { ulimits: Object.fromEntries(entries) };
}

// The content of a config read from a variable stays out of the output, like a secret's.
function withoutEnvironmentContent(configs: Project["configs"]): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(configs).map(([key, config]) => {
      if (config.environment === undefined) return [key, config];
      const { content: _content, ...rest } = config;
      return [key, rest];
    }),
  );
}

function withIpam(networks: Project["networks"]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(networks).map(([key, network]) => [key, { ...network, ipam: network.ipam ?? {} }]));
}

function clean(value: unknown, path: TreePath): Json | undefined {
  if (typeof value === "string") return value.replaceAll("$", "$$$$");
  if (typeof value === "boolean") return booleanOutput(value, path);
  if (typeof value === "number" || value === null) return value;
  if (Array.isArray(value)) return listOutput(value, path);
  if (typeof value === "object") return mappingOutput(value as Record<string, unknown>, path);
  return undefined;
}

function booleanOutput(value: boolean, path: TreePath): boolean | undefined {
  if (value && matchesAny(omitTrue, path)) return undefined;
  return value || matchesAny(keepFalse, path) ? value : undefined;
}

function listOutput(list: readonly unknown[], path: TreePath): Json[] | undefined {
  const items = list.map((item, index) => clean(item, [...path, index])).filter((item): item is Json => item !== undefined);
  return items.length > 0 || matchesAny(keepEmpty, path) ? items : undefined;
}

function mappingOutput(mapping: Record<string, unknown>, path: TreePath): Json | undefined {
  const result: { [key: string]: Json } = {};
  const order = orderFor(path);
  const keys = order ? [...order.filter((k) => k in mapping), ...Object.keys(mapping).filter((k) => !order.includes(k))] : Object.keys(mapping);
  for (const key of keys) {
    const item = mapping[key];
    // A null mapping value means "present, no options" (networks: {default: null}).
    const cleaned = item === null ? null : clean(item, [...path, key]);
    if (cleaned !== undefined) result[key.replaceAll("$", "$$$$")] = cleaned;
  }
  const isRoot = path.length === 0;
  return Object.keys(result).length > 0 || isRoot || matchesAny(keepEmpty, path) ? result : undefined;
}
