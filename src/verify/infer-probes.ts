import type { Project, Service, ServicePort } from "../compose/model/project.js";
import { datastoreOf } from "../check/knowledge/service-kinds.js";
import type { HttpProbe, Probe, WebsocketProbe } from "./probe.js";
import { nginxWebsocketLocations } from "./nginx-locations.js";
import { isJob } from "../plan/service-traits.js";

const timeoutMs = 10_000;

/** What inference may look at besides the project: nginx configs as the running containers print them. */
export interface InferenceFacts {
  /** Service name → `nginx -T` output of its container. */
  readonly nginxConfigs: Readonly<Record<string, string>>;
}

/**
 * Probes for a stack that declares none, each saying what it was inferred from: healthchecks
 * pass, published HTTP ports answer, nginx websocket locations upgrade, databases answer a
 * trivial query (also with each app's own connection URL).
 */
export function inferProbes(project: Project, facts: InferenceFacts = { nginxConfigs: {} }): Probe[] {
  const services = Object.values(project.services).filter((service) => !isJob(project, service.name));
  return [
    ...services.map(healthProbe),
    ...services.flatMap(publishedPortProbes),
    ...services.flatMap((service) => websocketProbes(service, facts.nginxConfigs[service.name])),
    ...services.flatMap(datastoreProbes),
    ...services.flatMap((service) => credentialProbes(project, service)),
    ...services.flatMap((service) => credentialPartsProbes(project, service)),
  ];
}

function healthProbe(service: Service): Probe {
  const has = service.healthcheck !== undefined && service.healthcheck.disable !== true && service.healthcheck.test?.[0] !== "NONE";
  return { kind: "health", name: `${service.name}-health`, service: service.name, timeoutMs, inferredFrom: has ? `services.${service.name}.healthcheck` : `services.${service.name} (no healthcheck: must be running)` };
}

const publishedOnHost = (service: Service): ServicePort[] => (service.ports ?? []).filter((port) => port.published !== undefined && /^\d+$/.test(port.published) && port.protocol === "tcp");
const hostAddress = (port: ServicePort): string => (port.host_ip === undefined || port.host_ip === "0.0.0.0" || port.host_ip === "" ? "127.0.0.1" : port.host_ip);

/** Debugger ports (Node inspector, debugpy, JDWP, Delve): they speak no HTTP and are not the app. */
export const debuggerPorts: ReadonlySet<number> = new Set([9229, 9230, 5678, 5005, 2345]);

function publishedPortProbes(service: Service): Probe[] {
  const datastore = datastoreOf(service.image) !== undefined;
  return publishedOnHost(service).filter((port) => !debuggerPorts.has(port.target)).map((port): Probe => {
    const from = `services.${service.name}.ports (${port.published}:${port.target})`;
    const base = { service: service.name, timeoutMs, inferredFrom: from };
    if (datastore) return { ...base, kind: "tcp", name: `${service.name}-port-${port.published}`, from: "host", host: hostAddress(port), port: Number(port.published) };
    return httpProbe(service.name, `http://${hostAddress(port)}:${port.published}/`, from);
  });
}

function httpProbe(service: string, url: string, inferredFrom: string): HttpProbe {
  const port = new URL(url).port;
  // Any answer below 500 counts: a bare API may well say 404 at `/`, and that still proves it serves.
  return { kind: "http", name: `${service}-http-${port}`, service, from: "host", method: "GET", url, headers: {}, timeoutMs, inferredFrom, expect: { status: [], statusBelow: 500, headers: {}, json: {}, bodyContains: [] } };
}

function websocketProbes(service: Service, config: string | undefined): Probe[] {
  const port = publishedOnHost(service)[0];
  if (config === undefined || port === undefined) return [];
  return nginxWebsocketLocations(config).map(({ path, line }): WebsocketProbe => ({
    kind: "websocket",
    name: `${service.name}-websocket${path.replace(/[^a-z0-9]+/gi, "-").replace(/-$/, "")}`,
    service: service.name,
    from: "host",
    url: `ws://${hostAddress(port)}:${port.published}${path}`,
    socketio: path.includes("socket.io"),
    timeoutMs,
    inferredFrom: `nginx location ${path} of ${service.name} (nginx -T line ${line})`,
  }));
}

function datastoreProbes(service: Service): Probe[] {
  const kind = datastoreOf(service.image)?.kind;
  const inferredFrom = `services.${service.name}.image ${service.image ?? ""}`;
  // Storage without a restart: inferred probes must not disturb a running stack.
  const storage = (store: "postgres" | "redis"): Probe => ({ kind: "persistence", name: `${service.name}-storage`, service: service.name, store, restart: false, timeoutMs, inferredFrom });
  if (kind === "postgres") return [{ kind: "postgres", name: `${service.name}-query`, service: service.name, query: "SELECT 1", rows: ["1"], timeoutMs, inferredFrom }, storage("postgres")];
  if (kind !== "redis") return [];
  const password = service.environment?.["REDIS_PASSWORD"];
  return [{ kind: "redis", name: `${service.name}-ping`, service: service.name, command: ["PING"], expect: "PONG", timeoutMs, inferredFrom, ...(password ? { password } : {}) }, storage("redis")];
}

const postgresUrl = /^postgres(ql)?:\/\/[^@\s]+@([^:/\s]+)/;

/**
 * An app configured by parts (`POSTGRES_HOST: db`, `POSTGRES_USER`, `POSTGRES_PASSWORD`,
 * `POSTGRES_DB`, same prefix) gets the same check as one with a URL: its credentials, assembled.
 */
function credentialPartsProbes(project: Project, service: Service): Probe[] {
  const env = service.environment ?? {};
  return Object.entries(env).flatMap(([name, host]): Probe[] => {
    const prefix = /^(.*)HOST$/.exec(name)?.[1];
    const target = host === null || prefix === undefined ? undefined : project.services[host];
    const password = env[`${prefix}PASSWORD`];
    if (target === undefined || datastoreOf(target.image)?.kind !== "postgres" || !password) return [];
    const user = env[`${prefix}USER`] ?? "postgres";
    const database = env[`${prefix}DB`] ?? env[`${prefix}DATABASE`] ?? env[`${prefix}NAME`] ?? user;
    const url = `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${host}:${env[`${prefix}PORT`] ?? "5432"}/${encodeURIComponent(database)}`;
    const source = `services.${service.name}.environment.${prefix}{HOST,USER,PASSWORD}`;
    return [{ kind: "postgres", name: `${service.name}-${prefix!.toLowerCase()}credentials`, service: host!, url, urlSource: source, query: "SELECT 1", rows: ["1"], timeoutMs, inferredFrom: source }];
  });
}

/** An app's `postgres://user:pass@db/...` must work against `db`: checked with the app's own URL. */
function credentialProbes(project: Project, service: Service): Probe[] {
  return Object.entries(service.environment ?? {}).flatMap(([name, value]): Probe[] => {
    const host = value === null ? undefined : postgresUrl.exec(value)?.[2];
    const target = host === undefined ? undefined : project.services[host];
    if (value === null || target === undefined || datastoreOf(target.image)?.kind !== "postgres") return [];
    return [{ kind: "postgres", name: `${service.name}-${name.toLowerCase()}`, service: host!, url: value, urlSource: `services.${service.name}.environment.${name}`, query: "SELECT 1", rows: ["1"], timeoutMs, inferredFrom: `services.${service.name}.environment.${name}` }];
  });
}
