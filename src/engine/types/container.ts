import type { CpuTime } from "../cpu-time.js";

/** Which containers to list. Label values of `true` match any value (the key is present). */
export interface ContainerFilter {
  readonly labels?: Readonly<Record<string, string | true>>;
  /** Exact container names (without the leading `/`). */
  readonly names?: readonly string[];
  /** Stopped containers too; default true, like `docker ps -a` (compose needs them). */
  readonly includeStopped?: boolean;
}

/** One row of `GET /containers/json`. */
export interface ContainerSummary {
  readonly id: string;
  /** The name without the leading `/`. */
  readonly name: string;
  readonly image: string;
  readonly imageId: string;
  /** `created`, `running`, `exited`, ... */
  readonly state: string;
  /** Human text such as `Up 3 seconds (healthy)`. */
  readonly status: string;
  /** Seconds since the epoch. */
  readonly created: number;
  readonly labels: Readonly<Record<string, string>>;
  readonly ports: readonly PortSummary[];
  /** Names of the networks the container is attached to. */
  readonly networks: readonly string[];
}

export interface PortSummary {
  readonly ip?: string;
  readonly privatePort: number;
  readonly publicPort?: number;
  readonly type: string;
}

/**
 * The body of `POST /containers/create` (Engine API field names), plus the container name.
 * HostConfig and NetworkingConfig are passed through as they are.
 */
export interface ContainerCreateRequest {
  readonly name: string;
  readonly Image: string;
  readonly Labels?: Readonly<Record<string, string>>;
  readonly Env?: readonly string[];
  readonly Cmd?: readonly string[];
  readonly Entrypoint?: readonly string[];
  readonly User?: string;
  readonly WorkingDir?: string;
  readonly Hostname?: string;
  readonly Domainname?: string;
  readonly Tty?: boolean;
  readonly OpenStdin?: boolean;
  readonly StopSignal?: string;
  readonly StopTimeout?: number;
  readonly ExposedPorts?: Readonly<Record<string, object>>;
  readonly Healthcheck?: HealthcheckConfig;
  readonly HostConfig?: Readonly<Record<string, unknown>>;
  readonly NetworkingConfig?: {
    readonly EndpointsConfig: Readonly<Record<string, { readonly Aliases?: readonly string[] }>>;
  };
}

/** Durations in nanoseconds, as the Engine API takes them. */
export interface HealthcheckConfig {
  readonly Test: readonly string[];
  readonly Interval?: number;
  readonly Timeout?: number;
  readonly StartPeriod?: number;
  readonly Retries?: number;
}

export interface HealthLogEntry {
  readonly ExitCode: number;
  readonly Output: string;
  readonly Start?: string;
  readonly End?: string;
}

export interface ContainerHealth {
  /** `starting`, `healthy` or `unhealthy`. */
  readonly Status: string;
  readonly FailingStreak: number;
  readonly Log: readonly HealthLogEntry[];
}

export interface ContainerState {
  readonly Status: string;
  readonly Running: boolean;
  readonly Paused: boolean;
  readonly Restarting: boolean;
  /** Only this says the kernel's OOM killer struck: exit code 137 alone does not. */
  readonly OOMKilled: boolean;
  readonly Dead: boolean;
  readonly Pid: number;
  readonly ExitCode: number;
  readonly Error: string;
  readonly StartedAt: string;
  readonly FinishedAt: string;
  readonly Health?: ContainerHealth;
}

export interface ContainerMount {
  readonly Type: string;
  readonly Name?: string;
  readonly Source: string;
  readonly Destination: string;
  readonly RW: boolean;
}

export interface EndpointDetails {
  readonly NetworkID: string;
  readonly IPAddress: string;
  readonly Aliases: readonly string[] | null;
}

/** The fields of `GET /containers/{id}/json` berth reads (Engine API field names). */
export interface ContainerDetails {
  readonly Id: string;
  /** The name without the leading `/`. */
  readonly Name: string;
  /** The image id the container was created from. */
  readonly Image: string;
  readonly Created: string;
  readonly RestartCount: number;
  readonly State: ContainerState;
  readonly Config: {
    readonly Image: string;
    readonly User: string;
    readonly Env: readonly string[];
    readonly Cmd: readonly string[] | null;
    readonly Entrypoint: readonly string[] | null;
    readonly WorkingDir: string;
    readonly Labels: Readonly<Record<string, string>>;
    readonly ExposedPorts?: Readonly<Record<string, object>>;
    readonly Healthcheck?: Partial<HealthcheckConfig>;
  };
  readonly HostConfig: {
    readonly RestartPolicy?: { readonly Name: string; readonly MaximumRetryCount?: number };
    readonly PortBindings?: Readonly<
      Record<string, readonly { readonly HostIp: string; readonly HostPort: string }[] | null>
    >;
    readonly Memory?: number;
    readonly NanoCpus?: number;
    readonly NetworkMode?: string;
  };
  readonly Mounts: readonly ContainerMount[];
  readonly NetworkSettings: {
    readonly Networks: Readonly<Record<string, EndpointDetails>>;
    readonly Ports?: Readonly<
      Record<string, readonly { readonly HostIp: string; readonly HostPort: string }[] | null>
    >;
  };
}

/** What `wait` waits for; `not-running` returns at once for a stopped container. */
export type WaitCondition = "not-running" | "next-exit" | "removed";

export interface WaitResult {
  readonly exitCode: number;
  readonly error?: string;
}

/** One sample of `GET /containers/{id}/stats?stream=false`. */
export interface ContainerStats {
  /** Share of one CPU, as `docker stats` shows it (200 = two full cores). */
  readonly cpuPercent: number;
  /**
   * Share of one CPU (100 = one core) from the container's own CPU time between the engine's two
   * samples, without the host counters `cpuPercent` divides by (see cpu-time.ts); undefined when
   * the engine sent one sample.
   */
  readonly cpuShare?: number;
  /** The container's CPU time so far and when the engine read it, to compare with a later sample. */
  readonly cpuTime?: CpuTime;
  /** Memory in use minus page cache, as `docker stats` counts it. */
  readonly memoryBytes: number;
  readonly memoryLimitBytes: number;
  readonly pids: number;
}
