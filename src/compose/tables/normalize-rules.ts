import { parseBytes } from "../format/bytes.js";
import { formatDuration, parseDuration } from "../format/duration.js";
import { scalarText } from "./key-value.js";

/** What a normalize rule may use: the environment (for build args) and a located failure. */
export interface NormalizeContext {
  lookup(name: string): string | undefined;
  fail(message: string, hint: string, subPath?: readonly (string | number)[]): never;
}

/** Returns the normalized value; `undefined` drops the key. */
export type NormalizeRule = (value: unknown, context: NormalizeContext) => unknown;

type Obj = Record<string, unknown>;
const isObj = (value: unknown): value is Obj => value !== null && typeof value === "object" && !Array.isArray(value);

/** A Go duration string (`1m30s`), failing with compose's wording on nonsense. */
export function duration(value: unknown, context: NormalizeContext, subPath: readonly (string | number)[] = []): string {
  const nanos = typeof value === "number" ? value * 1e9 : parseDuration(String(value));
  if (nanos === undefined) context.fail(`time: invalid duration "${String(value)}"`, "write durations like 30s, 1m30s or 500ms", subPath);
  return formatDuration(nanos);
}

function bytes(value: unknown, context: NormalizeContext, subPath: readonly (string | number)[] = []): string {
  const parsed = parseBytes(value);
  if (parsed === undefined) context.fail(`invalid size: ${JSON.stringify(value)}`, "write sizes like 512m, 1g or 1048576", subPath);
  return String(parsed);
}

function number(value: unknown): unknown {
  return typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value)) ? Number(value) : value;
}

function durationsIn(value: unknown, keys: readonly string[], context: NormalizeContext, at: readonly string[]): unknown {
  if (!isObj(value)) return value;
  const result: Obj = { ...value };
  for (const key of keys) if (value[key] !== undefined && value[key] !== null) result[key] = duration(value[key], context, [...at, key]);
  return result;
}

// A number is the mode itself (YAML reads `0440` as octal already); text is octal, `0440` or
// `0o440`, as compose-go reads secrets|configs.mode since compose-spec/compose-go#738.
function fileMode(value: unknown, context: NormalizeContext, subPath: readonly (string | number)[]): unknown {
  const octal = typeof value === "string" ? /^(?:0o)?([0-7]+)$/i.exec(value.trim())?.[1] : undefined;
  const mode = octal === undefined ? value : parseInt(octal, 8);
  if (typeof mode !== "number" || !Number.isInteger(mode) || mode < 0) context.fail(`invalid file mode ${JSON.stringify(value)}: not an octal number`, "write the mode in octal, like 0440 (or quoted, \"0440\")", subPath);
  return `0${mode.toString(8)}`;
}

function fileRefs(refs: unknown, defaultDir: string | undefined, context: NormalizeContext): unknown {
  if (!Array.isArray(refs)) return refs;
  return refs.map((ref, index) => {
    if (!isObj(ref)) return ref;
    const result: Obj = { ...ref };
    if (defaultDir && (ref["target"] === undefined || ref["target"] === "")) result["target"] = `${defaultDir}/${String(ref["source"])}`;
    if (ref["mode"] !== undefined) result["mode"] = fileMode(ref["mode"], context, [index, "mode"]);
    for (const id of ["uid", "gid"]) if (ref[id] !== undefined) result[id] = scalarText(ref[id]);
    return result;
  });
}

// `count: all` means every device: compose stores it as -1, and defaults to it when neither
// count nor device_ids narrows the request.
function deviceRequests(devices: unknown): unknown {
  if (!Array.isArray(devices)) return devices;
  return devices.map((device) => {
    if (!isObj(device)) return device;
    if (device["count"] === undefined) return device["device_ids"] === undefined ? { ...device, count: -1 } : device;
    const count = String(device["count"]).toLowerCase() === "all" ? -1 : number(device["count"]);
    return { ...device, count };
  });
}

function resources(spec: unknown, context: NormalizeContext, at: readonly string[]): unknown {
  if (!isObj(spec)) return spec;
  const result: Obj = { ...spec };
  if (spec["devices"] !== undefined) result["devices"] = deviceRequests(spec["devices"]);
  if (spec["cpus"] !== undefined) result["cpus"] = number(spec["cpus"]);
  if (spec["memory"] !== undefined) result["memory"] = bytes(spec["memory"], context, [...at, "memory"]);
  return result;
}

function deploy(value: unknown, context: NormalizeContext): unknown {
  if (!isObj(value)) return value;
  const result: Obj = { ...value };
  if (isObj(value["resources"])) {
    const { limits, reservations } = value["resources"];
    result["resources"] = {
      ...value["resources"],
      ...(limits === undefined ? {} : { limits: resources(limits, context, ["resources", "limits"]) }),
      ...(reservations === undefined ? {} : { reservations: resources(reservations, context, ["resources", "reservations"]) }),
    };
  }
  if (value["restart_policy"] !== undefined) result["restart_policy"] = durationsIn(value["restart_policy"], ["delay", "window"], context, ["restart_policy"]);
  for (const key of ["update_config", "rollback_config"]) {
    if (value[key] !== undefined) result[key] = durationsIn(value[key], ["delay", "monitor"], context, [key]);
  }
  return result;
}

function volumes(value: unknown, context: NormalizeContext): unknown {
  if (!Array.isArray(value)) return value;
  return value.map((mount, index) => {
    if (!isObj(mount)) return mount;
    const result: Obj = { ...mount };
    if (typeof mount["target"] === "string" && mount["target"].length > 1) result["target"] = mount["target"].replace(/\/+$/, "");
    const bind = mount["bind"];
    if (isObj(bind) && bind["create_host_path"] === undefined) result["bind"] = { ...bind, create_host_path: true };
    const tmpfs = mount["tmpfs"];
    if (isObj(tmpfs) && tmpfs["size"] !== undefined) result["tmpfs"] = { ...tmpfs, size: bytes(tmpfs["size"], context, [index, "tmpfs", "size"]) };
    return result;
  });
}

function buildArgs(value: unknown, context: NormalizeContext): unknown {
  if (!isObj(value) || !isObj(value["args"])) return value;
  const args: Record<string, string> = {};
  // Unlike `environment`, an arg with no value and no variable is dropped (compose-go normalize).
  for (const [key, arg] of Object.entries(value["args"])) {
    const resolved = arg === null ? context.lookup(key) : scalarText(arg);
    if (resolved !== undefined) args[key] = resolved;
  }
  return { ...value, args };
}

function build(value: unknown, context: NormalizeContext): unknown {
  if (!isObj(value)) return value;
  const withDefault = value["dockerfile"] === undefined && value["dockerfile_inline"] === undefined ? { ...value, dockerfile: "Dockerfile" } : value;
  return buildArgs(withDefault, context);
}

/** Per-field value normalization after merging (compose-go `loader/normalize.go` and types). */
export const normalizeRules: ReadonlyMap<string, NormalizeRule> = new Map<string, NormalizeRule>([
  ["services.*.build", build],
  ["services.*.healthcheck", (v, c) => durationsIn(v, ["interval", "timeout", "start_period", "start_interval"], c, [])],
  ["services.*.stop_grace_period", (v, c) => duration(v, c)],
  ["services.*.deploy", deploy],
  ["services.*.volumes", volumes],
  ["services.*.mem_limit", (v, c) => bytes(v, c)],
  ["services.*.mem_reservation", (v, c) => bytes(v, c)],
  ["services.*.memswap_limit", (v, c) => bytes(v, c)],
  ["services.*.shm_size", (v, c) => bytes(v, c)],
  ["services.*.cpus", number],
  ["services.*.pull_policy", (v) => (v === "if_not_present" ? "missing" : v)],
  ["services.*.secrets", (v, c) => fileRefs(v, "/run/secrets", c)],
  ["services.*.configs", (v, c) => fileRefs(v, undefined, c)],
  ["services.*.extra_hosts", (v) => (Array.isArray(v) ? [...v].sort() : v)],
  ["services.*.ports", (v) => (Array.isArray(v) ? v.map((p) => (isObj(p) ? { ...p, target: number(p["target"]) } : p)) : v)],
]);
