import Docker from "dockerode";
import { EngineError } from "../common/errors.js";
import { archiveOf, putArchive, statPath } from "./copy-archive.js";
import { runBuild } from "./docker-build.js";
import { runExec } from "./docker-exec.js";
import { followContainerLogs, readContainerLogs } from "./docker-logs.js";
import {
  eventQuery,
  filtersOf,
  labelFilter,
  networkBody,
  toContainerDetails,
  toContainerSummary,
  toImageSummary,
  toNamedResource,
} from "./docker-mappers.js";
import { readChunks, readJsonLines, toContainerStats, toEngineEvent } from "./docker-streams.js";
import type { Engine, EngineVersion, RemoveContainerOptions, StopOptions } from "./engine.js";
import { isNotModified, toEngineError } from "./engine-errors.js";
import type * as T from "./engine.js";

const never = new AbortController().signal;

/** The Engine on a real Docker engine, through dockerode. Make one with `connectDockerEngine`. */
export class DockerEngine implements Engine {
  constructor(
    private readonly docker: Docker,
    /** Where the engine is, as shown in messages: `unix:///var/run/docker.sock`. */
    private readonly endpoint: string,
    private readonly engineVersion: EngineVersion,
  ) {}

  /** Runs one API call; every failure leaves as an EngineError. */
  private async call<R>(doing: string, run: () => Promise<R>): Promise<R> {
    try {
      return await run();
    } catch (error) {
      throw toEngineError(error, doing, this.endpoint);
    }
  }

  /** A state change where 304 means "already in that state": success. */
  private async change(doing: string, run: () => Promise<unknown>): Promise<void> {
    try {
      await run();
    } catch (error) {
      if (!isNotModified(error)) throw toEngineError(error, doing, this.endpoint);
    }
  }

  /** Like call, but a missing object gives undefined. */
  private async find<R>(doing: string, run: () => Promise<R>): Promise<R | undefined> {
    try {
      return await run();
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return undefined;
      throw toEngineError(error, doing, this.endpoint);
    }
  }

  async ping(): Promise<void> {
    await this.call("pinging the engine", () => this.docker.ping());
  }

  version(): Promise<EngineVersion> {
    return Promise.resolve(this.engineVersion);
  }

  async listContainers(filter: T.ContainerFilter = {}): Promise<T.ContainerSummary[]> {
    const filters = filtersOf({
      label: labelFilter(filter.labels),
      name: filter.names?.map((name) => `^/${name}$`),
    });
    const raw = await this.call("listing containers", () =>
      this.docker.listContainers({ all: filter.includeStopped ?? true, filters }),
    );
    return raw.map(toContainerSummary);
  }

  async inspectContainer(idOrName: string): Promise<T.ContainerDetails | undefined> {
    const raw = await this.find(`inspecting container ${idOrName}`, () =>
      this.docker.getContainer(idOrName).inspect(),
    );
    return raw === undefined ? undefined : toContainerDetails(raw);
  }

  async createContainer(request: T.ContainerCreateRequest): Promise<string> {
    const options = request as unknown as Docker.ContainerCreateOptions;
    const created = await this.call(`creating container ${request.name}`, () =>
      this.docker.createContainer(options),
    );
    return created.id;
  }

  async copyToContainer(idOrName: string, archive: Buffer | NodeJS.ReadableStream, path = "/", options: T.CopyToOptions = {}): Promise<void> {
    await this.call(`copying files into container ${idOrName}`, () => putArchive(this.docker.getContainer(idOrName), archive, path, options.containerUserOwns === true));
  }

  statContainerPath(idOrName: string, path: string): Promise<T.ContainerPathStat | undefined> {
    return this.find(`looking up ${path} in container ${idOrName}`, () => statPath(this.docker.getContainer(idOrName), path));
  }

  copyFromContainer(idOrName: string, path: string): Promise<NodeJS.ReadableStream> {
    return this.call(`copying ${path} out of container ${idOrName}`, () => archiveOf(this.docker.getContainer(idOrName), path));
  }

  async topContainer(idOrName: string, psArgs?: string): Promise<T.ContainerProcesses> {
    const top = (await this.call(`listing the processes of container ${idOrName}`, () => this.docker.getContainer(idOrName).top(psArgs ? { ps_args: psArgs } : {}))) as { Titles?: string[]; Processes?: string[][] };
    return { titles: top.Titles ?? [], processes: top.Processes ?? [] };
  }

  async containerChanges(idOrName: string): Promise<T.ContainerChange[]> {
    // A container with no changes gets `null` from the engine, which dockerode hands over as the raw body (a Buffer).
    const raw: unknown = await this.call(`listing the changes of container ${idOrName}`, () => this.docker.getContainer(idOrName).changes());
    const kinds = ["changed", "added", "deleted"] as const;
    return (Array.isArray(raw) ? (raw as { Path: string; Kind: number }[]) : []).flatMap((change) => {
      const kind = kinds[change.Kind];
      return kind === undefined ? [] : [{ path: change.Path, kind }];
    });
  }

  async startContainer(idOrName: string): Promise<void> {
    await this.change(`starting container ${idOrName}`, () => this.docker.getContainer(idOrName).start());
  }

  async stopContainer(idOrName: string, options: StopOptions = {}): Promise<void> {
    const query = options.timeoutSeconds === undefined ? {} : { t: options.timeoutSeconds };
    await this.change(`stopping container ${idOrName}`, () => this.docker.getContainer(idOrName).stop(query));
  }

  async restartContainer(idOrName: string, options: StopOptions = {}): Promise<void> {
    const query = options.timeoutSeconds === undefined ? {} : { t: options.timeoutSeconds };
    await this.call(`restarting container ${idOrName}`, () =>
      this.docker.getContainer(idOrName).restart(query),
    );
  }

  async killContainer(idOrName: string, signal = "SIGKILL"): Promise<void> {
    await this.call(`sending ${signal} to container ${idOrName}`, () =>
      this.docker.getContainer(idOrName).kill({ signal }),
    );
  }

  async removeContainer(idOrName: string, options: RemoveContainerOptions = {}): Promise<void> {
    const query = { force: options.force ?? false, v: options.volumes ?? false };
    await this.call(`removing container ${idOrName}`, () => this.docker.getContainer(idOrName).remove(query));
  }

  async renameContainer(idOrName: string, newName: string): Promise<void> {
    await this.call(`renaming container ${idOrName} to ${newName}`, () =>
      this.docker.getContainer(idOrName).rename({ name: newName }),
    );
  }

  async waitContainer(
    idOrName: string,
    condition: T.WaitCondition = "not-running",
    signal?: AbortSignal,
  ): Promise<T.WaitResult> {
    const options = signal === undefined ? { condition } : { condition, abortSignal: signal };
    const raw = (await this.call(`waiting for container ${idOrName}`, () =>
      this.docker.getContainer(idOrName).wait(options),
    )) as {
      StatusCode: number;
      Error?: { Message?: string } | null;
    };
    const error = raw.Error?.Message;
    return error === undefined || error === ""
      ? { exitCode: raw.StatusCode }
      : { exitCode: raw.StatusCode, error };
  }

  async connectNetwork(network: string, container: string, aliases: readonly string[] = []): Promise<void> {
    const body = { Container: container, EndpointConfig: { Aliases: [...aliases] } };
    await this.call(`connecting ${container} to network ${network}`, () =>
      this.docker.getNetwork(network).connect(body),
    );
  }

  async disconnectNetwork(network: string, container: string, force = false): Promise<void> {
    const body = { Container: container, Force: force };
    await this.call(`disconnecting ${container} from network ${network}`, () =>
      this.docker.getNetwork(network).disconnect(body),
    );
  }

  async inspectImage(reference: string): Promise<T.ImageDetails | undefined> {
    const raw = await this.find(`inspecting image ${reference}`, () =>
      this.docker.getImage(reference).inspect(),
    );
    return raw as unknown as T.ImageDetails | undefined;
  }

  async listImages(filter: T.ImageFilter = {}): Promise<T.ImageSummary[]> {
    const filters = filtersOf({
      label: labelFilter(filter.labels),
      reference: filter.reference === undefined ? undefined : [filter.reference],
      dangling: filter.danglingOnly === true ? ["true"] : undefined,
    });
    return (await this.call("listing images", () => this.docker.listImages({ filters }))).map(toImageSummary);
  }

  buildImage(
    request: T.BuildRequest,
    onProgress: (progress: T.BuildProgress) => void = () => {},
    signal = never,
  ): Promise<T.BuildResult> {
    return this.call(`building ${request.tags[0] ?? request.context}`, () =>
      runBuild(this.docker, request, onProgress, signal),
    );
  }

  async removeImage(reference: string, force = false): Promise<void> {
    await this.call(`removing image ${reference}`, () => this.docker.getImage(reference).remove({ force }));
  }

  async pullImage(reference: string, signal = never): Promise<void> {
    await this.call(`pulling ${reference}`, async () => {
      const stream = await this.docker.pull(reference, { abortSignal: signal });
      for await (const message of readJsonLines(readChunks(stream, signal))) {
        const failure = message as { error?: string };
        if (failure.error !== undefined)
          throw new EngineError("engine.failed", `pulling ${reference}: ${failure.error}`);
      }
    });
  }

  async listNetworks(labels?: Readonly<Record<string, string | true>>): Promise<T.NamedResource[]> {
    const filters = filtersOf({ label: labelFilter(labels) });
    return (await this.call("listing networks", () => this.docker.listNetworks({ filters }))).map(
      toNamedResource,
    );
  }

  async createNetwork(request: T.NetworkCreateRequest): Promise<string> {
    const body = networkBody(request) as unknown as Docker.NetworkCreateOptions;
    return (await this.call(`creating network ${request.name}`, () => this.docker.createNetwork(body))).id;
  }

  async inspectNetwork(idOrName: string): Promise<T.NetworkDetails | undefined> {
    const raw = await this.find(
      `inspecting network ${idOrName}`,
      () => this.docker.getNetwork(idOrName).inspect() as Promise<unknown>,
    );
    return raw === undefined ? undefined : ({ Containers: {}, ...(raw as object) } as T.NetworkDetails);
  }

  async removeNetwork(idOrName: string): Promise<void> {
    await this.call(`removing network ${idOrName}`, () => this.docker.getNetwork(idOrName).remove());
  }

  async listVolumes(labels?: Readonly<Record<string, string | true>>): Promise<T.NamedResource[]> {
    const filters = filtersOf({ label: labelFilter(labels) });
    const raw = await this.call("listing volumes", () => this.docker.listVolumes({ filters }));
    return (raw.Volumes ?? []).map(toNamedResource);
  }

  async createVolume(request: T.VolumeCreateRequest): Promise<T.VolumeDetails> {
    const body = {
      Name: request.name,
      Driver: request.driver ?? "local",
      DriverOpts: { ...request.driverOptions },
      Labels: { ...request.labels },
    };
    // dockerode resolves to a handle on the volume, not the engine's answer: read the details.
    const created = await this.call(`creating volume ${request.name}`, () => this.docker.createVolume(body));
    return (await this.call(`inspecting volume ${request.name}`, () => created.inspect())) as T.VolumeDetails;
  }

  async inspectVolume(name: string): Promise<T.VolumeDetails | undefined> {
    return (await this.find(`inspecting volume ${name}`, () => this.docker.getVolume(name).inspect())) as
      T.VolumeDetails | undefined;
  }

  async removeVolume(name: string, force = false): Promise<void> {
    // dockerode's volume.remove drops its options (its path has no `?`), so `force` never reached the engine.
    const dial = { path: `/volumes/${encodeURIComponent(name)}?`, method: "DELETE", options: force ? { force: true } : {}, statusCodes: { 204: true, 404: "no such volume", 409: "conflict", 500: "server error" } };
    await this.call(`removing volume ${name}`, () => new Promise<void>((resolve, reject) => {
      (this.docker.modem as { dial(options: object, callback: (error: unknown) => void): void }).dial(dial, (error) => (error ? reject(error as Error) : resolve()));
    }));
  }

  exec(idOrName: string, request: T.ExecRequest): Promise<T.ExecResult> {
    return this.call(`running ${request.command.join(" ")} in ${idOrName}`, () =>
      runExec(this.docker.getContainer(idOrName), request),
    );
  }

  readLogs(idOrName: string, options: T.LogOptions = {}): Promise<T.LogChunk[]> {
    const container = this.docker.getContainer(idOrName);
    return this.call(`reading the logs of ${idOrName}`, () => readContainerLogs(container, options));
  }

  async *followLogs(idOrName: string, options: T.LogOptions, signal: AbortSignal): AsyncIterable<T.LogChunk> {
    try {
      yield* followContainerLogs(this.docker.getContainer(idOrName), options, signal);
    } catch (error) {
      throw toEngineError(error, `following the logs of ${idOrName}`, this.endpoint);
    }
  }

  async *events(filter: T.EventFilter, signal: AbortSignal): AsyncIterable<T.EngineEvent> {
    const query = { ...eventQuery(filter), abortSignal: signal };
    const stream = await this.call("following engine events", () => this.docker.getEvents(query)).catch(
      (error: unknown) => (signal.aborted ? undefined : Promise.reject(error)),
    );
    if (stream === undefined) return;
    try {
      for await (const raw of readJsonLines(readChunks(stream, signal))) yield toEngineEvent(raw as object);
    } catch (error) {
      throw toEngineError(error, "following engine events", this.endpoint);
    }
  }

  async stats(idOrName: string): Promise<T.ContainerStats> {
    const raw = await this.call(`reading stats of ${idOrName}`, () =>
      this.docker.getContainer(idOrName).stats({ stream: false }),
    );
    return toContainerStats(raw as object);
  }
}
