import type { Project, Service, ServicePort, ServiceVolume } from "../compose/model/project.js";
import { networkKeysOf, projectNetworks, projectVolumes } from "../plan/desired.js";
import { durationToNanos } from "../common/duration.js";
import { engineRestartPolicy } from "../common/restart-policy.js";
import { boundFilesOf, type BoundFile } from "../plan/mounted-files.js";

/** The body of the Engine API's `POST /containers/create`, the part berth fills. */
export interface ContainerCreateBody {
  readonly name: string;
  readonly Image: string;
  readonly Labels: Record<string, string>;
  readonly Env: string[];
  readonly Cmd?: string[];
  readonly Entrypoint?: string[];
  readonly User?: string;
  readonly WorkingDir?: string;
  readonly Hostname?: string;
  readonly Tty?: boolean;
  readonly OpenStdin?: boolean;
  readonly StopSignal?: string;
  readonly StopTimeout?: number;
  readonly ExposedPorts: Record<string, object>;
  readonly Healthcheck?: { Test: string[]; Interval?: number; Timeout?: number; StartPeriod?: number; Retries?: number };
  readonly HostConfig: Record<string, unknown>;
  readonly NetworkingConfig: { EndpointsConfig: Record<string, { Aliases: string[] }> };
}

/** Inputs the spec needs besides the service: names decided by the plan and labels. */
export interface SpecInputs {
  readonly name: string;
  readonly image: string;
  readonly labels: Record<string, string>;
}

/** Translates a service into a create body; pure, so unit tests assert it field by field. */
export function containerSpec(project: Project, service: Service, inputs: SpecInputs): ContainerCreateBody {
  const body: Record<string, unknown> = {
    name: inputs.name,
    Image: inputs.image,
    Labels: { ...(service.labels ?? {}), ...inputs.labels },
    Env: environmentOf(service),
    ExposedPorts: exposedPortsOf(service),
    HostConfig: hostConfigOf(project, service),
    NetworkingConfig: networkingOf(project, service),
  };
  const optional: Record<string, unknown> = {
    Cmd: service.command ?? undefined,
    Entrypoint: service.entrypoint ?? undefined,
    User: service.user,
    WorkingDir: service.working_dir,
    Hostname: service.hostname,
    Tty: service.tty,
    OpenStdin: service.stdin_open,
    StopSignal: service.stop_signal,
    StopTimeout: secondsOf(service.stop_grace_period),
    Healthcheck: healthcheckOf(service),
  };
  for (const [key, value] of Object.entries(optional)) if (value !== undefined) body[key] = value;
  return body as unknown as ContainerCreateBody;
}

function environmentOf(service: Service): string[] {
  return Object.entries(service.environment ?? {})
    .filter(([, value]) => value !== null)
    .map(([key, value]) => `${key}=${value}`)
    .sort();
}

function exposedPortsOf(service: Service): Record<string, object> {
  const ports = [...(service.expose ?? []).map((port) => (port.includes("/") ? port : `${port}/tcp`))];
  for (const port of service.ports ?? []) ports.push(`${port.target}/${port.protocol || "tcp"}`);
  return Object.fromEntries(ports.map((port) => [port, {}]));
}

function portBindingsOf(ports: readonly ServicePort[]): Record<string, { HostIp: string; HostPort: string }[]> {
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const port of ports) {
    const key = `${port.target}/${port.protocol || "tcp"}`;
    bindings[key] = [...(bindings[key] ?? []), { HostIp: port.host_ip ?? "", HostPort: port.published ?? "" }];
  }
  return bindings;
}

function healthcheckOf(service: Service): ContainerCreateBody["Healthcheck"] {
  const check = service.healthcheck;
  if (!check) return undefined;
  if (check.disable) return { Test: ["NONE"] };
  const fields = {
    Test: check.test ? [...check.test] : undefined,
    Interval: durationToNanos(check.interval),
    Timeout: durationToNanos(check.timeout),
    StartPeriod: durationToNanos(check.start_period),
    Retries: check.retries,
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as ContainerCreateBody["Healthcheck"];
}

function secondsOf(duration: string | undefined): number | undefined {
  const nanos = durationToNanos(duration);
  return nanos === undefined ? undefined : Math.round(nanos / 1e9);
}

function hostConfigOf(project: Project, service: Service): Record<string, unknown> {
  const config: Record<string, unknown> = {
    PortBindings: portBindingsOf(service.ports ?? []),
    Mounts: [...(service.volumes ?? []).filter((v) => !usesBinds(v)).map((v) => mountOf(project, v)), ...boundFilesOf(project, service).map(fileMountOf)],
    Binds: (service.volumes ?? []).filter(usesBinds).map(bindOf),
    RestartPolicy: restartPolicyOf(service),
    NetworkMode: networkModeOf(project, service),
  };
  const optional: Record<string, unknown> = {
    Init: service.init,
    ReadonlyRootfs: service.read_only,
    Privileged: service.privileged,
    CapAdd: service.cap_add,
    CapDrop: service.cap_drop,
    SecurityOpt: service.security_opt,
    ExtraHosts: service.extra_hosts?.map(engineExtraHost),
    Dns: service.dns,
    Sysctls: service.sysctls,
    Memory: numberOf(service.mem_limit ?? service.deploy?.resources?.limits?.memory),
    NanoCpus: nanoCpusOf(service.cpus ?? service.deploy?.resources?.limits?.cpus),
    ShmSize: numberOf(service.shm_size),
    Tmpfs: service.tmpfs ? Object.fromEntries(service.tmpfs.map((path) => [path, ""])) : undefined,
    LogConfig: service.logging?.driver ? { Type: service.logging.driver, Config: service.logging.options ?? {} } : undefined,
  };
  for (const [key, value] of Object.entries(optional)) if (value !== undefined) config[key] = value;
  return config;
}

/** Short-syntax binds go through `Binds` so the engine creates a missing directory as compose does. */
function usesBinds(volume: ServiceVolume): boolean {
  return volume.type === "bind" && volume.bind?.create_host_path === true;
}

function bindOf(volume: ServiceVolume): string {
  return `${volume.source}:${volume.target}${volume.read_only ? ":ro" : ""}`;
}

function mountOf(project: Project, volume: ServiceVolume): Record<string, unknown> {
  const named = projectVolumes(project).find((v) => v.key === volume.source);
  const external = volume.type === "volume" && volume.source ? project.volumes[volume.source]?.name : undefined;
  const mount: Record<string, unknown> = { Type: volume.type, Target: volume.target, ReadOnly: volume.read_only ?? false };
  const source = volume.type === "volume" ? (named?.name ?? external ?? volume.source) : volume.source;
  if (source) mount["Source"] = source;
  if (volume.volume?.nocopy) mount["VolumeOptions"] = { NoCopy: true };
  if (volume.bind?.propagation) mount["BindOptions"] = { Propagation: volume.bind.propagation };
  return mount;
}

/** A file-sourced secret or config: a read-only bind of the host file, as compose mounts it. */
function fileMountOf(file: BoundFile): Record<string, unknown> {
  return { Type: "bind", Source: file.source, Target: file.target, ReadOnly: true };
}

/** `restart`, or `deploy.restart_policy` in its place, as docker compose v2 maps them on one engine. */
function restartPolicyOf(service: Service): { Name: string; MaximumRetryCount?: number } {
  const { Name, MaximumRetryCount } = engineRestartPolicy(service);
  return MaximumRetryCount === undefined ? { Name } : { Name, MaximumRetryCount };
}

function networkModeOf(project: Project, service: Service): string {
  const mode = service.network_mode;
  if (mode?.startsWith("service:")) return `container:${project.name}-${mode.slice("service:".length)}-1`;
  if (mode) return mode;
  return firstNetworkName(project, service) ?? "default";
}

function firstNetworkName(project: Project, service: Service): string | undefined {
  return networkNamesOf(project, service)[0];
}

/** Engine names of the networks a service joins, in key order. */
export function networkNamesOf(project: Project, service: Service): string[] {
  const resources = projectNetworks(project);
  return networkKeysOf(service).map((key) => {
    const external = project.networks[key];
    return resources.find((r) => r.key === key)?.name ?? external?.name ?? `${project.name}_${key}`;
  });
}

/** Aliases of the service on each network: its name plus declared aliases. */
export function aliasesOf(service: Service, networkKey: string): string[] {
  const declared = service.networks?.[networkKey]?.aliases ?? [];
  return [service.name, ...declared];
}

function networkingOf(project: Project, service: Service): ContainerCreateBody["NetworkingConfig"] {
  // API 1.41 accepts one network at create; the others are connected right after.
  const key = networkKeysOf(service)[0];
  const name = firstNetworkName(project, service);
  if (key === undefined || name === undefined) return { EndpointsConfig: {} };
  return { EndpointsConfig: { [name]: { Aliases: aliasesOf(service, key) } } };
}

function numberOf(value: string | number | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : undefined;
}

function nanoCpusOf(cpus: number | undefined): number | undefined {
  return cpus === undefined ? undefined : Math.round(cpus * 1e9);
}

/**
 * The loader keeps compose's canonical `host=ip`; the Engine API (1.41) takes `host:ip`, split at
 * the first colon, so an IPv6 address after it stays whole.
 */
export function engineExtraHost(entry: string): string {
  const equals = entry.indexOf("=");
  return equals < 0 ? entry : `${entry.slice(0, equals)}:${entry.slice(equals + 1)}`;
}
