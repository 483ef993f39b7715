import type { ContainerCreateBody } from "./container-spec.js";

/**
 * What deploy/ needs from the engine, one method per Engine API call. The real implementation
 * adapts src/engine (deploy/engine-adapter.ts); unit tests use deploy/fake-deploy-engine.ts.
 */
export interface DeployEngine {
  listContainers(labels: Record<string, string>): Promise<ContainerSummary[]>;
  inspectContainer(id: string): Promise<ContainerDetails | undefined>;
  createContainer(body: ContainerCreateBody): Promise<string>;
  startContainer(id: string): Promise<void>;
  stopContainer(id: string, timeoutSeconds?: number): Promise<void>;
  restartContainer(id: string): Promise<void>;
  removeContainer(id: string, options?: { volumes?: boolean; force?: boolean }): Promise<void>;
  connectNetwork(network: string, containerId: string, aliases: string[]): Promise<void>;
  listNetworks(labels: Record<string, string>): Promise<NamedResource[]>;
  createNetwork(spec: NetworkSpec): Promise<void>;
  removeNetwork(name: string): Promise<void>;
  listVolumes(labels: Record<string, string>): Promise<NamedResource[]>;
  createVolume(spec: VolumeSpec): Promise<void>;
  removeVolume(name: string): Promise<void>;
  /** Image id for a reference, or undefined when the engine does not have it. */
  imageId(reference: string): Promise<string | undefined>;
  removeImage(reference: string): Promise<void>;
  pullImage(reference: string, signal: AbortSignal): Promise<void>;
  buildImage(spec: BuildSpec, signal: AbortSignal): Promise<BuildResult>;
  exec(id: string, command: string[], options: { timeoutMs: number; signal?: AbortSignal }): Promise<ExecResult>;
  logs(id: string, options: { tail?: number; timestamps?: boolean }): Promise<string>;
  followLogs(id: string, options: { tail?: number; signal: AbortSignal }, onText: (text: string) => void): Promise<void>;
  /** Engine events of one project until the signal aborts. */
  events(project: string, signal: AbortSignal): AsyncIterable<EngineEvent>;
}

export interface ContainerSummary {
  readonly id: string;
  readonly name: string;
  readonly image: string;
  readonly imageId: string;
  readonly state: string;
  readonly status: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly ports: readonly { readonly ip?: string; readonly privatePort: number; readonly publicPort?: number; readonly type: string }[];
}

export interface HealthLogEntry {
  readonly ExitCode: number;
  readonly Output: string;
  readonly Start?: string;
}

/** The fields of `GET /containers/{id}/json` berth reads. */
export interface ContainerDetails {
  readonly Id: string;
  readonly Name: string;
  readonly Image: string;
  readonly RestartCount: number;
  readonly State: {
    readonly Status: string;
    readonly Running: boolean;
    readonly Restarting: boolean;
    readonly OOMKilled: boolean;
    readonly ExitCode: number;
    readonly Error: string;
    readonly StartedAt: string;
    readonly FinishedAt: string;
    readonly Health?: { readonly Status: string; readonly FailingStreak: number; readonly Log: readonly HealthLogEntry[] };
  };
  readonly Config: {
    readonly User: string;
    readonly Env: readonly string[];
    readonly Cmd: readonly string[] | null;
    readonly Entrypoint: readonly string[] | null;
    readonly Labels: Readonly<Record<string, string>>;
    readonly Healthcheck?: { readonly Test?: readonly string[] };
  };
  readonly Mounts: readonly { readonly Type: string; readonly Source: string; readonly Destination: string; readonly RW: boolean; readonly Name?: string }[];
}

export interface NamedResource {
  readonly name: string;
  readonly id: string;
  readonly labels: Readonly<Record<string, string>>;
}

export interface NetworkSpec {
  readonly name: string;
  readonly driver?: string;
  readonly internal?: boolean;
  readonly attachable?: boolean;
  readonly labels: Record<string, string>;
}

export interface VolumeSpec {
  readonly name: string;
  readonly driver?: string;
  readonly driverOpts?: Record<string, string>;
  readonly labels: Record<string, string>;
}

export interface BuildSpec {
  readonly context: string;
  readonly dockerfile?: string;
  readonly tag: string;
  readonly args?: Record<string, string>;
  readonly target?: string;
  readonly labels?: Record<string, string>;
}

export interface BuildResult {
  readonly ok: boolean;
  /** The build output, one line per engine message. */
  readonly log: string;
  readonly error?: string;
}

export interface ExecResult {
  readonly exitCode: number;
  readonly output: string;
  readonly timedOut: boolean;
}

export interface EngineEvent {
  readonly type: string;
  /** `start`, `die`, `health_status: healthy`, `oom`, ... */
  readonly action: string;
  readonly id: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly time: number;
}
