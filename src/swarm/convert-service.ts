import { durationToNanos } from "../common/duration.js";
import { swarmRestartOf } from "../common/restart-policy.js";
import type { HealthCheck, Project, Service, ServiceFileRef, UpdateConfig as ComposeUpdateConfig } from "../compose/model/project.js";
import { stackNamespaceLabel } from "./stack-tasks.js";
import type { ContainerSpec, FileReference, HealthConfig, Mount, PortConfig, ServiceMode, ServiceSpec, UpdateConfig } from "./swarm-spec.js";

/** The label `docker stack deploy` puts on a service with the image the file names (before digests). */
export const stackImageLabel = "com.docker.stack.image";

/** `<stack>_<service>`: the name `docker stack deploy` gives a stack's service. */
export function stackServiceName(stack: string, service: string): string {
  return `${stack}_${service}`;
}

/** `labels` plus the stack's namespace label, as docker/cli's AddStackLabel does. */
export function withStackLabel(stack: string, labels: Readonly<Record<string, string>> | undefined): Record<string, string> {
  return { ...labels, [stackNamespaceLabel]: stack };
}

/**
 * One compose service as the Swarm service `docker stack deploy` makes of it (docker/cli's
 * `convert.Service`): entrypoint → Command, command → Args, sorted `KEY=VALUE` environment,
 * networks `<stack>_<net>` with the service name as alias, named volumes `<stack>_<vol>`,
 * `restart:` mapped to a restart policy only without `deploy.restart_policy`. Secret and config
 * references carry names only; the deploy fills in the ids. Call {@link refusalsOf} first: what
 * Swarm cannot run is refused there, not here.
 */
export function convertService(project: Project, service: Service, names: FileObjectNames): ServiceSpec {
  const stack = project.name;
  const deploy = service.deploy;
  const image = service.image ?? "";
  const restartPolicy = restartPolicyOf(service);
  const resources = resourcesOf(service);
  const placement = placementOf(service);
  const update = updateConfigOf(deploy?.update_config);
  const rollback = updateConfigOf(deploy?.rollback_config);
  const networks = networksOf(project, service);
  const logging = service.logging?.driver === undefined ? undefined : { Name: service.logging.driver, ...(service.logging.options ? { Options: service.logging.options } : {}) };
  return {
    Name: stackServiceName(stack, service.name),
    Labels: { ...withStackLabel(stack, deploy?.labels), [stackImageLabel]: image },
    TaskTemplate: {
      ContainerSpec: containerSpecOf(project, service, names),
      ...(resources ? { Resources: resources } : {}),
      ...(restartPolicy ? { RestartPolicy: restartPolicy } : {}),
      ...(placement ? { Placement: placement } : {}),
      ...(networks.length > 0 ? { Networks: networks } : {}),
      ...(logging ? { LogDriver: logging } : {}),
    },
    Mode: modeOf(service),
    ...(update ? { UpdateConfig: update } : {}),
    ...(rollback ? { RollbackConfig: rollback } : {}),
    EndpointSpec: { Mode: deploy?.["endpoint_mode"] === "dnsrr" ? "dnsrr" : "vip", ...portsOf(service) },
  };
}

/** The hashed Swarm name of each secret and config key (see convert-objects.ts). */
export interface FileObjectNames {
  readonly secrets: Readonly<Record<string, string>>;
  readonly configs: Readonly<Record<string, string>>;
}

function containerSpecOf(project: Project, service: Service, names: FileObjectNames): ContainerSpec {
  const healthcheck = healthOf(service.healthcheck);
  const mounts = mountsOf(project, service);
  const grace = durationToNanos(service.stop_grace_period);
  const env = Object.entries(service.environment ?? {}).map(([key, value]) => (value === null ? key : `${key}=${value}`)).sort();
  // Swarm puts a secret under /run/secrets/ by its relative name (the loader writes targets absolute).
  const secrets = (service.secrets ?? []).map((ref) => fileReference(ref, (ref.target ?? ref.source).replace(/^\/run\/secrets\//, ""), names.secrets[ref.source] ?? ref.source, "Secret"));
  // A config's default target is /<key> (docker/cli's convertFileObject for configs).
  const configs = (service.configs ?? []).map((ref) => fileReference(ref, ref.target ?? `/${ref.source}`, names.configs[ref.source] ?? ref.source, "Config"));
  const ulimits = Object.entries(service.ulimits ?? {}).map(([name, limit]) => ({ Name: name, Soft: limit.soft ?? limit.single ?? 0, Hard: limit.hard ?? limit.single ?? 0 }));
  const dns = { ...(service.dns ? { Nameservers: service.dns } : {}), ...(Array.isArray(service["dns_search"]) ? { Search: (service["dns_search"] as unknown[]).map(String) } : {}) };
  return {
    Image: service.image ?? "",
    Labels: withStackLabel(project.name, service.labels),
    ...(service.entrypoint !== null ? { Command: service.entrypoint } : {}),
    ...(service.command !== null ? { Args: service.command } : {}),
    ...(service.hostname ? { Hostname: service.hostname } : {}),
    ...(env.length > 0 ? { Env: env } : {}),
    ...(service.working_dir ? { Dir: service.working_dir } : {}),
    ...(service.user ? { User: service.user } : {}),
    ...(mounts.length > 0 ? { Mounts: mounts } : {}),
    ...(grace !== undefined ? { StopGracePeriod: grace } : {}),
    ...(service.stop_signal ? { StopSignal: service.stop_signal } : {}),
    ...(service.tty === true ? { TTY: true } : {}),
    ...(service.stdin_open === true ? { OpenStdin: true } : {}),
    ...(service.read_only === true ? { ReadOnly: true } : {}),
    ...(service.init !== undefined ? { Init: service.init } : {}),
    ...(healthcheck ? { Healthcheck: healthcheck } : {}),
    ...(service.extra_hosts && service.extra_hosts.length > 0 ? { Hosts: service.extra_hosts.map(hostsEntry) } : {}),
    ...(Object.keys(dns).length > 0 ? { DNSConfig: dns } : {}),
    ...(secrets.length > 0 ? { Secrets: secrets } : {}),
    ...(configs.length > 0 ? { Configs: configs } : {}),
    ...(service.sysctls && Object.keys(service.sysctls).length > 0 ? { Sysctls: service.sysctls } : {}),
    ...(service.cap_add && service.cap_add.length > 0 ? { CapabilityAdd: service.cap_add } : {}),
    ...(service.cap_drop && service.cap_drop.length > 0 ? { CapabilityDrop: service.cap_drop } : {}),
    ...(ulimits.length > 0 ? { Ulimits: ulimits } : {}),
  };
}

function fileReference(ref: ServiceFileRef, target: string, name: string, kind: "Secret" | "Config"): FileReference {
  return { File: { Name: target, UID: ref.uid ?? "0", GID: ref.gid ?? "0", Mode: fileMode(ref.mode) }, [`${kind}Name`]: name };
}

/** `mode: 0440` (octal as YAML 1.1 and compose write it) or a decimal number; 0444 when absent. */
export function fileMode(mode: string | number | undefined): number {
  if (mode === undefined) return 0o444;
  if (typeof mode === "number") return mode;
  return /^0[0-7]+$/.test(mode) ? Number.parseInt(mode, 8) : Number(mode);
}

/** `host:ip` or `host=ip` (compose) → `ip host` (the hosts-file line Swarm wants, as docker/cli writes it). */
export function hostsEntry(entry: string): string {
  const equals = entry.indexOf("=");
  const separator = equals >= 0 ? equals : entry.indexOf(":");
  if (separator < 0) return entry;
  return `${entry.slice(separator + 1)} ${entry.slice(0, separator)}`;
}

function healthOf(check: HealthCheck | undefined): HealthConfig | undefined {
  if (check === undefined) return undefined;
  if (check.disable === true) return { Test: ["NONE"] };
  const interval = durationToNanos(check.interval);
  const timeout = durationToNanos(check.timeout);
  const start = durationToNanos(check.start_period);
  return {
    Test: check.test ?? [],
    ...(interval !== undefined ? { Interval: interval } : {}),
    ...(timeout !== undefined ? { Timeout: timeout } : {}),
    ...(start !== undefined ? { StartPeriod: start } : {}),
    ...(check.retries !== undefined ? { Retries: check.retries } : {}),
  };
}

function mountsOf(project: Project, service: Service): Mount[] {
  const mounts = (service.volumes ?? []).map((volume): Mount => {
    const readOnly = volume.read_only === true ? { ReadOnly: true } : {};
    if (volume.type === "bind") return { Type: "bind", Source: volume.source ?? "", Target: volume.target, ...readOnly, ...(volume.bind?.propagation ? { BindOptions: { Propagation: volume.bind.propagation } } : {}) };
    if (volume.type === "tmpfs") return { Type: "tmpfs", Target: volume.target, ...readOnly, ...tmpfsOptions(volume.tmpfs?.size, volume.tmpfs?.mode) };
    const top = volume.source === undefined ? undefined : project.volumes[volume.source];
    if (top === undefined) return { Type: "volume", Target: volume.target, ...readOnly, ...(volume.volume?.nocopy === true ? { VolumeOptions: { NoCopy: true } } : {}) };
    const driver = top.driver !== undefined || top.driver_opts !== undefined ? { DriverConfig: { ...(top.driver ? { Name: top.driver } : {}), ...(top.driver_opts ? { Options: top.driver_opts } : {}) } } : {};
    // An external volume is the user's: no stack label (docker/cli leaves its options empty).
    const options = top.external === true ? {} : { VolumeOptions: { ...(volume.volume?.nocopy === true ? { NoCopy: true } : {}), Labels: withStackLabel(project.name, top.labels), ...driver } };
    return { Type: "volume", Source: top.name, Target: volume.target, ...readOnly, ...options };
  });
  const tmpfs = (service.tmpfs ?? []).map((target): Mount => ({ Type: "tmpfs", Target: target }));
  return [...mounts, ...tmpfs];
}

function tmpfsOptions(size: string | undefined, mode: string | undefined): Pick<Mount, "TmpfsOptions"> {
  const options = { ...(size !== undefined ? { SizeBytes: Number(size) } : {}), ...(mode !== undefined ? { Mode: fileMode(mode) } : {}) };
  return Object.keys(options).length > 0 ? { TmpfsOptions: options } : {};
}

/** Without `deploy.restart_policy`, `restart:` as docker/cli maps it; `no` (or none) gives no policy. */
function restartPolicyOf(service: Service): ServiceSpec["TaskTemplate"]["RestartPolicy"] {
  const policy = service.deploy?.restart_policy;
  if (policy !== undefined) {
    const delay = durationToNanos(policy.delay);
    const window = durationToNanos(policy.window);
    return {
      Condition: policy.condition ?? "any",
      ...(delay !== undefined ? { Delay: delay } : {}),
      ...(policy.max_attempts !== undefined ? { MaxAttempts: policy.max_attempts } : {}),
      ...(window !== undefined ? { Window: window } : {}),
    };
  }
  const restart = swarmRestartOf(service.restart);
  if (restart.condition === "any") return { Condition: "any" };
  if (restart.condition === "on-failure") return { Condition: "on-failure", MaxAttempts: restart.maxAttempts };
  return undefined;
}

function resourcesOf(service: Service): ServiceSpec["TaskTemplate"]["Resources"] {
  const resources = service.deploy?.resources;
  if (resources === undefined) return undefined;
  const spec = (value: { cpus?: number | string; memory?: string; pids?: number } | undefined) => {
    if (value === undefined) return undefined;
    return {
      ...(value.cpus !== undefined ? { NanoCPUs: Math.round(Number(value.cpus) * 1e9) } : {}),
      ...(value.memory !== undefined ? { MemoryBytes: Number(value.memory) } : {}),
      ...(value.pids !== undefined ? { Pids: value.pids } : {}),
    };
  };
  const limits = spec(resources.limits);
  const reservations = spec(resources.reservations);
  return { ...(limits ? { Limits: limits } : {}), ...(reservations ? { Reservations: reservations } : {}) };
}

interface PlacementInput {
  readonly constraints?: readonly string[];
  readonly preferences?: readonly { readonly spread?: string }[];
  readonly max_replicas_per_node?: number;
}

function placementOf(service: Service): ServiceSpec["TaskTemplate"]["Placement"] {
  const placement = service.deploy?.["placement"] as PlacementInput | undefined;
  if (placement === undefined) return undefined;
  const preferences = (placement.preferences ?? []).flatMap((preference) => (preference.spread ? [{ Spread: { SpreadDescriptor: preference.spread } }] : []));
  return {
    ...(placement.constraints && placement.constraints.length > 0 ? { Constraints: placement.constraints } : {}),
    ...(preferences.length > 0 ? { Preferences: preferences } : {}),
    ...(placement.max_replicas_per_node !== undefined ? { MaxReplicas: placement.max_replicas_per_node } : {}),
  };
}

/** docker/cli's convertUpdateConfig: parallelism 1 unless written. */
function updateConfigOf(config: ComposeUpdateConfig | undefined): UpdateConfig | undefined {
  if (config === undefined) return undefined;
  const delay = durationToNanos(config.delay);
  const monitor = durationToNanos(config.monitor);
  return {
    Parallelism: config.parallelism ?? 1,
    ...(delay !== undefined ? { Delay: delay } : {}),
    ...(config.failure_action ? { FailureAction: config.failure_action } : {}),
    ...(monitor !== undefined ? { Monitor: monitor } : {}),
    ...(config.max_failure_ratio !== undefined ? { MaxFailureRatio: config.max_failure_ratio } : {}),
    ...(config.order ? { Order: config.order } : {}),
  };
}

function modeOf(service: Service): ServiceMode {
  const replicas = service.deploy?.replicas ?? 1;
  switch (service.deploy?.mode) {
    case "global":
      return { Global: {} };
    case "global-job":
      return { GlobalJob: {} };
    case "replicated-job":
      return { ReplicatedJob: { MaxConcurrent: replicas, TotalCompletions: replicas } };
    default:
      return { Replicated: { Replicas: replicas } };
  }
}

/** The service's networks (`<stack>_<net>`, or an external network's own name), sorted, the service name first among the aliases. */
function networksOf(project: Project, service: Service): { Target: string; Aliases: string[] }[] {
  return Object.entries(service.networks ?? {})
    .map(([key, attachment]) => ({ Target: project.networks[key]?.name ?? `${project.name}_${key}`, Aliases: [service.name, ...(attachment?.aliases ?? []).filter((alias) => alias !== service.name)] }))
    .sort((a, b) => a.Target.localeCompare(b.Target));
}

function portsOf(service: Service): { Ports?: PortConfig[] } {
  const ports = (service.ports ?? []).map((port): PortConfig => ({
    Protocol: port.protocol,
    TargetPort: port.target,
    ...(port.published !== undefined && port.published !== "" ? { PublishedPort: Number(port.published) } : {}),
    PublishMode: port.mode === "host" ? "host" : "ingress",
  }));
  return ports.length > 0 ? { Ports: ports } : {};
}
