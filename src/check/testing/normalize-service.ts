import type { Service, ServicePort, ServiceVolume } from "../../compose/model/project.js";

type Raw = Record<string, unknown>;
const isRecord = (value: unknown): value is Raw => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * A small subset of compose's canonical form, enough for rule tests: the real loader does the
 * full job; this keeps check's tests independent of it.
 */
export function normalizeService(name: string, raw: Raw): Service {
  const service: Record<string, unknown> = { ...raw, name, command: toCommand(raw["command"]), entrypoint: toCommand(raw["entrypoint"]) };
  if (raw["build"] !== undefined) service["build"] = typeof raw["build"] === "string" ? { context: raw["build"] } : { context: ".", ...(raw["build"] as Raw) };
  if (raw["environment"] !== undefined) service["environment"] = toMapping(raw["environment"]);
  if (raw["env_file"] !== undefined) service["env_file"] = toList(raw["env_file"]).map((entry) => (isRecord(entry) ? { required: true, ...entry } : { path: String(entry), required: true }));
  if (raw["ports"] !== undefined) service["ports"] = toList(raw["ports"]).map(toPort);
  if (raw["volumes"] !== undefined) service["volumes"] = toList(raw["volumes"]).map(toVolume);
  if (raw["depends_on"] !== undefined) service["depends_on"] = toDependencies(raw["depends_on"]);
  if (raw["networks"] !== undefined) service["networks"] = Array.isArray(raw["networks"]) ? Object.fromEntries(raw["networks"].map((network) => [String(network), null])) : raw["networks"];
  if (isRecord(raw["healthcheck"]) && typeof raw["healthcheck"]["test"] === "string") service["healthcheck"] = { ...raw["healthcheck"], test: ["CMD-SHELL", raw["healthcheck"]["test"]] };
  if (raw["expose"] !== undefined) service["expose"] = toList(raw["expose"]).map(String);
  return service as Service;
}

const toList = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]);

function toCommand(value: unknown): string[] | null {
  if (value === undefined || value === null) return null;
  return Array.isArray(value) ? value.map(String) : String(value).split(/\s+/).filter(Boolean);
}

function toMapping(value: unknown): Record<string, string | null> {
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, item === null ? null : String(item)]));
  return Object.fromEntries(toList(value).map((item) => {
    const [key = "", ...rest] = String(item).split("=");
    return [key, rest.length === 0 ? null : rest.join("=")];
  }));
}

function toPort(value: unknown): ServicePort {
  if (isRecord(value)) return { mode: "ingress", protocol: "tcp", ...value, target: Number(value["target"]) } as ServicePort;
  const [spec = "", protocol = "tcp"] = String(value).split("/");
  const parts = spec.split(":");
  const target = Number(parts.at(-1));
  const published = parts.length >= 2 ? parts.at(-2) : undefined;
  const hostIp = parts.length === 3 ? parts[0] : undefined;
  return { mode: "ingress", target, protocol, ...(published === undefined ? {} : { published }), ...(hostIp === undefined ? {} : { host_ip: hostIp }) };
}

function toVolume(value: unknown): ServiceVolume {
  if (isRecord(value)) return value as unknown as ServiceVolume;
  const [source = "", target, mode] = String(value).split(":");
  if (target === undefined) return { type: "volume", target: source };
  const type = /^[./~]/.test(source) ? "bind" : "volume";
  return { type, source, target, ...(mode === "ro" ? { read_only: true } : {}) };
}

function toDependencies(value: unknown): Record<string, unknown> {
  if (Array.isArray(value)) return Object.fromEntries(value.map((name) => [String(name), { condition: "service_started", required: true }]));
  return Object.fromEntries(Object.entries(value as Raw).map(([key, dep]) => [key, { condition: "service_started", required: true, ...(dep as Raw) }]));
}
