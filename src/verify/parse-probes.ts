import type { Project } from "../compose/model/project.js";
import type { Probe, ProbeOrigin } from "./probe.js";
import { ConfigError } from "../common/errors.js";
import { isRecord, SpecReader, specError } from "./spec-reader.js";

const defaultTimeoutMs = 10_000;
const entryKeys = ["name", "timeout", "from", "service", "gate"];
/** Kinds a rollout can aim at the new container itself (see rollout/gate-probes.ts). */
const gateKinds = ["http", "websocket", "tcp", "exec"];

interface EntryContext {
  readonly name: string;
  readonly service: string | undefined;
  readonly timeoutMs: number;
  readonly from: ProbeOrigin | undefined;
  readonly location: Probe["location"];
}

type KindParser = (spec: SpecReader, entry: EntryContext) => Probe;

/** One parser per probe kind: the key an entry names (`http:`) picks the line. */
const kindParsers: Readonly<Record<string, KindParser>> = {
  http: parseHttp,
  websocket: parseWebsocket,
  tcp: parseTcp,
  exec: parseExec,
  postgres: parsePostgres,
  redis: parseRedis,
  persistence: parsePersistence,
};

/**
 * The probes a project declares under `x-berth.verify`, top-level ones first, then each
 * service's in file order. Throws a located ConfigError for a malformed entry.
 */
export function declaredProbes(project: Project): Probe[] {
  const probes = [
    ...entriesAt(project, project.extensions["x-berth"], ["x-berth"], undefined),
    ...Object.entries(project.services).flatMap(([name, service]) => entriesAt(project, service["x-berth"], ["services", name, "x-berth"], name)),
  ];
  assertUniqueNames(project, probes);
  assertServicesExist(project, probes);
  return probes;
}

function entriesAt(project: Project, block: unknown, path: readonly (string | number)[], service: string | undefined): Probe[] {
  if (!isRecord(block) || block["verify"] === undefined || block["verify"] === null) return [];
  const list = block["verify"];
  if (!Array.isArray(list)) throw specError([...path, "verify"], project.meta.sourceMap, "should be a list of probes");
  return list.map((entry, index) => parseEntry(SpecReader.of(entry, [...path, "verify", index], project), service, index));
}

function parseEntry(entry: SpecReader, owner: string | undefined, index: number): Probe {
  const kinds = Object.keys(entry.value).filter((key) => key in kindParsers);
  if (kinds.length !== 1) entry.fail(undefined, kinds.length === 0 ? "names no probe kind" : `names ${kinds.length} probe kinds`, `use exactly one of: ${Object.keys(kindParsers).join(", ")}`);
  const kind = kinds[0]!;
  entry.onlyKeys([...entryKeys, kind]);
  const from = entry.string("from");
  if (from !== undefined && from !== "host" && from !== "network") entry.fail("from", `should be host or network, got ${JSON.stringify(from)}`);
  const service = entry.string("service") ?? owner;
  const context: EntryContext = {
    name: entry.string("name") ?? `${service ?? "stack"}-${kind}-${index + 1}`,
    service,
    timeoutMs: entry.durationMs("timeout") ?? defaultTimeoutMs,
    from,
    location: entry.location(kind),
  };
  const probe = kindParsers[kind]!(entry.child(kind), context);
  return entry.boolean("gate") === true ? asGate(entry, probe) : probe;
}

/**
 * A gate probe runs against the new container before it takes traffic, so it must reach that
 * container directly: a network probe addresses its service by name (berth swaps in the new
 * container's address), never a published port or a proxy that could answer from the old one.
 */
function asGate(entry: SpecReader, probe: Probe): Probe {
  const hint = "gate probes run against the new container of their service during a rollout";
  if (probe.service === undefined) entry.fail("gate", "needs a service", `declare the probe under the service's x-berth.verify, or add service: <name> (${hint})`);
  if (!gateKinds.includes(probe.kind)) entry.fail("gate", `a ${probe.kind} probe cannot gate a rollout`, `use ${gateKinds.join(", ")} (${hint})`);
  const host = probe.kind === "tcp" ? probe.host : probe.kind === "http" || probe.kind === "websocket" ? new URL(probe.url).hostname : undefined;
  if (host !== undefined && !namesOf(entry.project, probe.service).includes(host)) {
    entry.child(probe.kind).fail(probe.kind === "tcp" ? "host" : "url", `should address ${probe.service} by name for gate: true, got ${host}`, `e.g. http://${probe.service}:<port>/path: ${hint}, not through a published port or a proxy`);
  }
  return { ...probe, gate: true };
}

/** The names a service answers to on its networks: its name, hostname and aliases. */
function namesOf(project: Project, service: string): string[] {
  const definition = project.services[service];
  const aliases = Object.values(definition?.networks ?? {}).flatMap((network) => network?.aliases ?? []);
  return [service, ...(definition?.hostname ? [definition.hostname] : []), ...aliases];
}

function base(entry: EntryContext) {
  return {
    name: entry.name,
    timeoutMs: entry.timeoutMs,
    ...(entry.service === undefined ? {} : { service: entry.service }),
    ...(entry.location === undefined ? {} : { location: entry.location }),
  };
}

function parseHttp(spec: SpecReader, entry: EntryContext): Probe {
  spec.onlyKeys(["url", "method", "headers", "body", "status", "header", "json", "contains", "latency"]);
  const url = readUrl(spec, ["http:", "https:"]);
  const maxLatencyMs = spec.durationMs("latency");
  const body = spec.string("body");
  return {
    ...base(entry),
    kind: "http",
    from: entry.from ?? originOf(url),
    method: (spec.string("method") ?? "GET").toUpperCase(),
    url,
    headers: spec.stringMap("headers"),
    ...(body === undefined ? {} : { body }),
    expect: {
      status: spec.integerList("status") ?? [],
      headers: Object.fromEntries(Object.entries(spec.stringMap("header")).map(([name, value]) => [name.toLowerCase(), value])),
      json: spec.has("json") ? spec.child("json").value : {},
      bodyContains: spec.stringList("contains") ?? [],
      ...(maxLatencyMs === undefined ? {} : { maxLatencyMs }),
    },
  };
}

function parseWebsocket(spec: SpecReader, entry: EntryContext): Probe {
  spec.onlyKeys(["url", "socketio", "send", "expect"]);
  const url = readUrl(spec, ["ws:", "wss:", "http:", "https:"]);
  const send = spec.string("send");
  const expect = spec.string("expect");
  return {
    ...base(entry),
    kind: "websocket",
    from: entry.from ?? originOf(url),
    url,
    socketio: spec.boolean("socketio") ?? /\/socket\.io\/?(\?|$)/.test(url),
    ...(send === undefined ? {} : { send }),
    ...(expect === undefined ? {} : { expect }),
  };
}

function parseTcp(spec: SpecReader, entry: EntryContext): Probe {
  spec.onlyKeys(["host", "port"]);
  const host = spec.string("host") ?? entry.service ?? "127.0.0.1";
  const port = spec.integer("port") ?? spec.fail("port", "is required", "the port to connect to");
  return { ...base(entry), kind: "tcp", from: entry.from ?? originOf(`tcp://${host}`), host, port };
}

function parseExec(spec: SpecReader, entry: EntryContext): Probe {
  spec.onlyKeys(["command", "exit_code", "contains"]);
  const command = spec.stringList("command") ?? spec.fail("command", "is required", "the command to run in the service's container");
  const service = requireService(spec, entry);
  return { ...base(entry), kind: "exec", service, command, exitCode: spec.integer("exit_code") ?? 0, outputContains: spec.stringList("contains") ?? [] };
}

function parsePostgres(spec: SpecReader, entry: EntryContext): Probe {
  spec.onlyKeys(["url", "url_from", "user", "database", "query", "rows"]);
  const optional = { ...pickStrings(spec, ["url", "user", "database"]), ...urlFrom(spec) };
  const rows = spec.stringList("rows");
  return {
    ...base(entry),
    kind: "postgres",
    service: requireService(spec, entry),
    ...optional,
    query: spec.string("query") ?? "SELECT 1",
    ...(rows === undefined ? {} : { rows }),
  };
}

function parseRedis(spec: SpecReader, entry: EntryContext): Probe {
  spec.onlyKeys(["command", "password", "expect"]);
  const password = spec.string("password");
  return {
    ...base(entry),
    kind: "redis",
    service: requireService(spec, entry),
    command: spec.stringList("command") ?? ["PING"],
    ...(password === undefined ? {} : { password }),
    expect: spec.string("expect") ?? "PONG",
  };
}

function parsePersistence(spec: SpecReader, entry: EntryContext): Probe {
  spec.onlyKeys(["store", "path", "url", "restart"]);
  const store = spec.requiredString("store", "postgres, redis or file");
  if (store !== "postgres" && store !== "redis" && store !== "file") spec.fail("store", `should be postgres, redis or file, got ${JSON.stringify(store)}`);
  if (store === "file" && !spec.has("path")) spec.fail("path", "is required for store: file", "the directory whose content must survive a restart");
  return { ...base(entry), kind: "persistence", service: requireService(spec, entry), store, restart: spec.boolean("restart") ?? true, ...pickStrings(spec, ["path", "url"]) };
}

/** `url_from: backend.DATABASE_URL`: connect exactly as that service does, with its own URL. */
function urlFrom(spec: SpecReader): { url?: string; urlSource?: string } {
  const reference = spec.string("url_from");
  if (reference === undefined) return {};
  const [service, variable] = reference.split(".", 2);
  const value = service === undefined || variable === undefined ? undefined : spec.project.services[service]?.environment?.[variable];
  if (value === undefined || value === null) spec.fail("url_from", `names no variable: ${JSON.stringify(reference)}`, "use <service>.<VARIABLE>, a variable in that service's environment");
  return { url: value, urlSource: `services.${service}.environment.${variable}` };
}

function readUrl(spec: SpecReader, protocols: readonly string[]): string {
  const url = spec.requiredString("url", "a full URL, e.g. http://127.0.0.1:8080/health or http://api:3000/health");
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return spec.fail("url", `is not a URL: ${JSON.stringify(url)}`);
  }
  if (!protocols.includes(parsed.protocol)) spec.fail("url", `should use ${protocols.join(" or ")}, got ${parsed.protocol}`);
  return url;
}

/** Localhost URLs go through published ports; any other host is a service name on the network. */
export function originOf(url: string): ProbeOrigin {
  const host = new URL(url).hostname;
  return host === "localhost" || host === "[::1]" || /^127\./.test(host) ? "host" : "network";
}

function requireService(spec: SpecReader, entry: EntryContext): string {
  return entry.service ?? spec.fail(undefined, "needs a service", "declare it under the service's x-berth.verify, or add service: <name>");
}

function pickStrings<K extends string>(spec: SpecReader, keys: readonly K[]): Partial<Record<K, string>> {
  const picked: Partial<Record<K, string>> = {};
  for (const key of keys) {
    const value = spec.string(key);
    if (value !== undefined) picked[key] = value;
  }
  return picked;
}

function assertUniqueNames(project: Project, probes: readonly Probe[]): void {
  const seen = new Set<string>();
  for (const probe of probes) {
    if (seen.has(probe.name)) throw specError(["x-berth", "verify"], project.meta.sourceMap, `two probes are named ${JSON.stringify(probe.name)}`, "give each probe its own name");
    seen.add(probe.name);
  }
}

function assertServicesExist(project: Project, probes: readonly Probe[]): void {
  for (const probe of probes) {
    if (probe.service === undefined || probe.service in project.services || probe.service in project.meta.disabledServices) continue;
    throw new ConfigError("verify.invalid-probe", `probe ${probe.name}: no service named ${probe.service}`, {
      hint: `services: ${Object.keys(project.services).join(", ")}`,
      ...(probe.location ? { location: probe.location } : {}),
    });
  }
}
