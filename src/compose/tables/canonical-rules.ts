import { splitShellWords } from "../format/shell-words.js";
import { parsePortSpec, PortSyntaxError } from "../format/ports.js";
import { parseVolumeSpec, VolumeSyntaxError } from "../format/volumes.js";
import type { TreePath } from "../tree-path.js";
import { scalarText, toKeyValueMap, toList } from "./key-value.js";

/** What a canonical rule may use: where it is, and how to fail there. */
export interface CanonicalContext {
  readonly path: TreePath;
  fail(message: string, hint: string, at?: TreePath): never;
  /** The list at `path` was renumbered: item `i` comes from item `oldIndexOf[i]`. */
  reindex(oldIndexOf: readonly number[]): void;
}

export type CanonicalRule = (value: unknown, context: CanonicalContext) => unknown;

type Obj = Record<string, unknown>;
const isObj = (value: unknown): value is Obj => value !== null && typeof value === "object" && !Array.isArray(value);

/**
 * Short syntax to long syntax, per path, applied to each file before merging so that merge
 * rules see one shape (compose-go `transform/canonical.go`). Defaults come later.
 */
export const canonicalRules: ReadonlyMap<string, CanonicalRule> = new Map<string, CanonicalRule>([
  ["services.*.build", (v) => canonicalBuild(v)],
  ["services.*.command", (v, c) => canonicalCommand(v, c)],
  ["services.*.entrypoint", (v, c) => canonicalCommand(v, c)],
  ["services.*.environment", (v) => toKeyValueMap(v)],
  ["services.*.labels", (v) => toKeyValueMap(v, "")],
  ["services.*.annotations", (v) => toKeyValueMap(v, "")],
  ["services.*.sysctls", (v) => toKeyValueMap(v, "")],
  ["services.*.depends_on", (v) => canonicalDependsOn(v)],
  ["services.*.env_file", (v) => toList(v).map(canonicalEnvFile)],
  ["services.*.networks", (v) => (Array.isArray(v) ? Object.fromEntries(v.map((n) => [String(n), null])) : v)],
  ["services.*.volumes", (v, c) => toList(v).map((item, index) => canonicalVolume(item, index, c))],
  ["services.*.ports", (v, c) => canonicalPorts(v, c)],
  ["services.*.expose", (v) => toList(v).map(scalarText)],
  ["services.*.dns", (v) => toList(v)],
  ["services.*.dns_search", (v) => toList(v)],
  ["services.*.tmpfs", (v) => toList(v)],
  ["services.*.secrets", (v) => toList(v).map(canonicalFileRef)],
  ["services.*.configs", (v) => toList(v).map(canonicalFileRef)],
  ["services.*.extra_hosts", (v) => canonicalExtraHosts(v)],
  ["services.*.ulimits", (v) => mapValues(v, (u) => (isObj(u) ? u : { single: u }))],
  ["services.*.healthcheck", (v) => canonicalHealthcheck(v)],
  ["services.*.extends", (v) => (typeof v === "string" ? { service: v } : v)],
  ["services.*.devices", (v) => toList(v).map(canonicalDevice)],
  ["services.*.deploy", (v) => (isObj(v) && v["labels"] !== undefined ? { ...v, labels: toKeyValueMap(v["labels"], "") } : v)],
  ["networks.*", (v) => canonicalResource(v)],
  ["volumes.*", (v) => canonicalResource(v)],
  ["secrets.*", (v) => canonicalResource(v)],
  ["configs.*", (v) => canonicalResource(v)],
]);

function mapValues(value: unknown, fn: (item: unknown) => unknown): unknown {
  if (!isObj(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fn(item)]));
}

function canonicalBuild(value: unknown): unknown {
  const build = typeof value === "string" ? { context: value } : value;
  if (!isObj(build)) return build;
  const result: Obj = { ...build };
  if (build["args"] !== undefined) result["args"] = toKeyValueMap(build["args"]);
  if (build["labels"] !== undefined) result["labels"] = toKeyValueMap(build["labels"], "");
  if (build["additional_contexts"] !== undefined) result["additional_contexts"] = toKeyValueMap(build["additional_contexts"], "");
  if (Array.isArray(build["secrets"])) result["secrets"] = build["secrets"].map(canonicalFileRef);
  for (const key of ["cache_from", "cache_to", "tags", "platforms", "extra_hosts"]) {
    if (typeof build[key] === "string") result[key] = [build[key]];
  }
  return result;
}

function canonicalCommand(value: unknown, context: CanonicalContext): unknown {
  if (typeof value !== "string") return value;
  try {
    return splitShellWords(value);
  } catch (error) {
    return context.fail(`${(error as Error).message} in ${value}`, "close the quote");
  }
}

function canonicalDependsOn(value: unknown): unknown {
  const entries = Array.isArray(value) ? value.map((name) => [String(name), {}] as const) : Object.entries(isObj(value) ? value : {});
  return Object.fromEntries(
    entries.map(([name, options]) => [name, { condition: "service_started", required: true, ...(isObj(options) ? options : {}) }]),
  );
}

function canonicalEnvFile(item: unknown): unknown {
  if (typeof item === "string") return { path: item, required: true };
  return isObj(item) ? { required: true, ...item } : item;
}

function canonicalVolume(item: unknown, index: number, context: CanonicalContext): unknown {
  if (isObj(item) && item["type"] === "bind" && (item["source"] === undefined || item["source"] === "")) {
    return context.fail(`invalid mount config for type "bind": field Source must not be empty`, "give the bind mount a source path", [...context.path, index]);
  }
  if (typeof item !== "string") return item;
  try {
    return parseVolumeSpec(item);
  } catch (error) {
    if (!(error instanceof VolumeSyntaxError)) throw error;
    return context.fail(error.message, "use SOURCE:TARGET[:ro] or the long syntax", [...context.path, index]);
  }
}

// A range expands to one entry per port; positions follow the entry they came from.
function canonicalPorts(value: unknown, context: CanonicalContext): unknown[] {
  const origins: number[] = [];
  const ports = toList(value).flatMap((item, index) => {
    const expanded = canonicalPort(item, index, context);
    for (const _ of expanded) origins.push(index);
    return expanded;
  });
  if (origins.some((origin, index) => origin !== index)) context.reindex(origins);
  return ports;
}

function canonicalPort(item: unknown, index: number, context: CanonicalContext): unknown[] {
  if (isObj(item)) {
    const published = item["published"];
    return [{ mode: "ingress", protocol: "tcp", ...item, ...(published === undefined ? {} : { published: scalarText(published) }) }];
  }
  try {
    return parsePortSpec(scalarText(item));
  } catch (error) {
    if (!(error instanceof PortSyntaxError)) throw error;
    const hint = "use [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL], e.g. 8080:80";
    return context.fail(`invalid port "${scalarText(item)}": ${error.message}`, hint, [...context.path, index]);
  }
}

function canonicalFileRef(item: unknown): unknown {
  return typeof item === "string" ? { source: item } : item;
}

// compose keeps one entry per host and prints `host=ip`, whichever separator was written.
function canonicalExtraHosts(value: unknown): string[] {
  if (isObj(value)) {
    return Object.entries(value).flatMap(([host, ip]) => toList(ip).map((one) => `${host}=${scalarText(one).replace(/^\[(.+)\]$/, "$1")}`));
  }
  return toList(value).map((entry) => {
    const text = scalarText(entry);
    const equals = text.indexOf("=");
    const colon = text.indexOf(":");
    const cut = equals >= 0 ? equals : colon;
    return cut < 0 ? text : `${text.slice(0, cut)}=${text.slice(cut + 1).replace(/^\[(.+)\]$/, "$1")}`;
  });
}

function canonicalHealthcheck(value: unknown): unknown {
  if (!isObj(value) || typeof value["test"] !== "string") return value;
  return { ...value, test: ["CMD-SHELL", value["test"]] };
}

function canonicalDevice(item: unknown): unknown {
  if (typeof item !== "string") return item;
  const [source = "", target = source, permissions = "rwm"] = item.split(":");
  return { source, target, permissions };
}

function canonicalResource(value: unknown): unknown {
  if (value === null || value === undefined) return {};
  if (!isObj(value)) return value;
  const result: Obj = { ...value };
  if (value["labels"] !== undefined) result["labels"] = toKeyValueMap(value["labels"], "");
  if (isObj(value["driver_opts"])) result["driver_opts"] = toKeyValueMap(value["driver_opts"], "");
  const external = value["external"];
  if (isObj(external)) {
    result["external"] = true;
    if (external["name"] !== undefined && result["name"] === undefined) result["name"] = external["name"];
  }
  return result;
}
