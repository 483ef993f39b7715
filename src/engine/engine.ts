import type {
  ContainerCreateRequest,
  ContainerDetails,
  ContainerFilter,
  ContainerStats,
  ContainerSummary,
  WaitCondition,
  WaitResult,
} from "./types/container.js";
import type {
  BuildProgress,
  BuildRequest,
  BuildResult,
  ImageDetails,
  ImageFilter,
  ImageSummary,
} from "./types/image.js";
import type {
  NamedResource,
  NetworkCreateRequest,
  NetworkDetails,
  VolumeCreateRequest,
  VolumeDetails,
} from "./types/resource.js";
import type {
  EngineEvent,
  EventFilter,
  ExecRequest,
  ExecResult,
  LogChunk,
  LogOptions,
} from "./types/stream.js";

export type * from "./types/container.js";
export type * from "./types/image.js";
export type * from "./types/resource.js";
export type * from "./types/stream.js";

/**
 * The codes of the `EngineError`s an Engine throws. HTTP statuses are mapped once, in
 * docker-engine.ts: 404 → `engine.not-found`, 409 → `engine.conflict`, 400 → `engine.bad-request`,
 * 5xx → `engine.failed`; 304 ("already in that state") is not an error: the call succeeds.
 */
export type EngineErrorCode =
  | "engine.unreachable"
  | "engine.api-too-old"
  | "engine.not-found"
  | "engine.conflict"
  | "engine.bad-request"
  | "engine.failed"
  | "engine.aborted";

export interface EngineVersion {
  /** The engine's version, such as `20.10.24+dfsg1`. */
  readonly version: string;
  /** The API version this client speaks with the engine (negotiated, at least 1.41). */
  readonly apiVersion: string;
  /** The newest API version the engine offers. */
  readonly engineApiVersion: string;
  readonly os: string;
  readonly arch: string;
  readonly kernelVersion: string;
}

export interface StopOptions {
  /** Seconds between SIGTERM (or the image's stop signal) and SIGKILL; engine default 10. */
  readonly timeoutSeconds?: number;
}

export interface RemoveContainerOptions {
  /** Kill a running container first. */
  readonly force?: boolean;
  /** Also remove its anonymous volumes. */
  readonly volumes?: boolean;
}

/**
 * berth's view of a Docker engine: one method per Engine API call berth makes. The only
 * implementation on a real engine is `DockerEngine` (docker-engine.ts, over engine-http.ts; it
 * loads dockerode only for builds, pulls and archives); unit tests use fakes of this interface.
 *
 * Conventions:
 * - `inspect*` return `undefined` for an object that does not exist; every other method throws an
 *   `EngineError` with an {@link EngineErrorCode} (`engine.not-found` for a missing object).
 * - Starting a running container or stopping a stopped one succeeds (HTTP 304).
 * - Ids or names are accepted wherever the API accepts either.
 * - Streams (`followLogs`, `events`) are async iterables that end when their `signal` aborts.
 */
export interface Engine {
  /** Throws `engine.unreachable` (with a hint) when no engine answers. */
  ping(): Promise<void>;
  version(): Promise<EngineVersion>;

  /** Containers matching the filter, stopped ones included unless `includeStopped: false`. */
  listContainers(filter?: ContainerFilter): Promise<ContainerSummary[]>;
  inspectContainer(idOrName: string): Promise<ContainerDetails | undefined>;
  /** Creates the container and returns its id; `engine.conflict` when the name is taken. */
  createContainer(request: ContainerCreateRequest): Promise<string>;
  startContainer(idOrName: string): Promise<void>;
  stopContainer(idOrName: string, options?: StopOptions): Promise<void>;
  restartContainer(idOrName: string, options?: StopOptions): Promise<void>;
  /** Sends a signal (default SIGKILL); `engine.conflict` when the container is not running. */
  killContainer(idOrName: string, signal?: string): Promise<void>;
  removeContainer(idOrName: string, options?: RemoveContainerOptions): Promise<void>;
  renameContainer(idOrName: string, newName: string): Promise<void>;
  /** Resolves when the condition holds, with the exit code; rejects `engine.aborted` on abort. */
  waitContainer(idOrName: string, condition?: WaitCondition, signal?: AbortSignal): Promise<WaitResult>;
  connectNetwork(network: string, container: string, aliases?: readonly string[]): Promise<void>;
  /**
   * Extracts a tar archive into the container's filesystem at `path` (`PUT /containers/{id}/archive`),
   * with the owners and modes its headers give; works on a created, not yet started container.
   */
  copyToContainer(idOrName: string, archive: Buffer | NodeJS.ReadableStream, path?: string, options?: CopyToOptions): Promise<void>;
  /** What is at `path` in a container (`HEAD /containers/{id}/archive`); undefined when nothing is there. */
  statContainerPath(idOrName: string, path: string): Promise<ContainerPathStat | undefined>;
  /** `path` of a container as a tar stream (`GET /containers/{id}/archive`), its top entry named as the path's last element. */
  copyFromContainer(idOrName: string, path: string): Promise<NodeJS.ReadableStream>;
  /** The processes of a running container (`GET /containers/{id}/top`), `ps` columns and rows. */
  topContainer(idOrName: string, psArgs?: string): Promise<ContainerProcesses>;
  /** What changed in the container's filesystem against its image (`GET /containers/{id}/changes`, `docker diff`). */
  containerChanges(idOrName: string): Promise<ContainerChange[]>;
  disconnectNetwork(network: string, container: string, force?: boolean): Promise<void>;

  inspectImage(reference: string): Promise<ImageDetails | undefined>;
  listImages(filter?: ImageFilter): Promise<ImageSummary[]>;
  /**
   * Builds with the classic builder from a context filtered by `.dockerignore`. A failed build
   * resolves with `ok: false` and the failing step; only an engine failure rejects.
   */
  buildImage(
    request: BuildRequest,
    onProgress?: (progress: BuildProgress) => void,
    signal?: AbortSignal,
  ): Promise<BuildResult>;
  removeImage(reference: string, force?: boolean): Promise<void>;
  /** Pulls from a registry. Our machines have none: berth must work without ever calling this. */
  pullImage(reference: string, signal?: AbortSignal): Promise<void>;

  listNetworks(labels?: Readonly<Record<string, string | true>>): Promise<NamedResource[]>;
  /** Returns the new network's id. */
  createNetwork(request: NetworkCreateRequest): Promise<string>;
  inspectNetwork(idOrName: string): Promise<NetworkDetails | undefined>;
  removeNetwork(idOrName: string): Promise<void>;

  listVolumes(labels?: Readonly<Record<string, string | true>>): Promise<NamedResource[]>;
  createVolume(request: VolumeCreateRequest): Promise<VolumeDetails>;
  inspectVolume(name: string): Promise<VolumeDetails | undefined>;
  removeVolume(name: string, force?: boolean): Promise<void>;

  /**
   * Runs a command in a running container and captures its exit code, stdout and stderr. At the
   * timeout the result says `timedOut` (the process may linger in the container: the API cannot
   * kill an exec).
   */
  exec(idOrName: string, request: ExecRequest): Promise<ExecResult>;
  /** The container's output so far, demultiplexed. */
  readLogs(idOrName: string, options?: LogOptions): Promise<LogChunk[]>;
  /** The container's output as it is written, until the signal aborts or the container ends. */
  followLogs(idOrName: string, options: LogOptions, signal: AbortSignal): AsyncIterable<LogChunk>;
  /** Engine events matching the filter as they happen, until the signal aborts. */
  events(filter: EventFilter, signal: AbortSignal): AsyncIterable<EngineEvent>;
  /** One CPU and memory sample (takes about a second: the engine samples twice). */
  stats(idOrName: string): Promise<ContainerStats>;
}

/** One entry of `docker diff`: a path of the container's writable layer and what happened to it. */
export interface ContainerChange {
  readonly path: string;
  readonly kind: "changed" | "added" | "deleted";
}

export interface CopyToOptions {
  /** Files become the container's user's (`copyUIDGID`, `docker cp -a`); otherwise the archive's owners. */
  readonly containerUserOwns?: boolean;
}

/** A path inside a container as the archive endpoints describe it (`X-Docker-Container-Path-Stat`). */
export interface ContainerPathStat {
  readonly name: string;
  readonly size: number;
  /** The permission bits. */
  readonly mode: number;
  readonly isDir: boolean;
  readonly isSymlink: boolean;
  /** For a symlink, what it points at ("" otherwise). */
  readonly linkTarget: string;
}

/** `docker top`: the column titles `ps` printed and one row of cells per process. */
export interface ContainerProcesses {
  readonly titles: readonly string[];
  readonly processes: readonly (readonly string[])[];
}
