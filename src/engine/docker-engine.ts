import type Docker from "dockerode";
import { EngineError } from "../common/errors.js";
import { archiveOf, putArchive, statPath } from "./copy-archive.js";
import { runExec } from "./docker-exec.js";
import type { EngineHttp } from "./engine-http.js";
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

/**
 * The Engine on a real Docker engine. Make one with `connectDockerEngine`. Its calls go over
 * Node's own http (`engine-http.ts`); dockerode, slow to load, is loaded only for what still
 * uses it: builds (and their BuildKit session), pulls and the archive endpoints of `cp`.
 */
export class DockerEngine implements Engine {
  private dockerode: Promise<Docker> | undefined;

  constructor(
    private readonly http: EngineHttp,
    /** dockerode for the same endpoint and version, made on first use. */
    private readonly makeDockerode: () => Promise<Docker>,
    /** Where the engine is, as shown in messages: `unix:///var/run/docker.sock`. */
    private readonly endpoint: string,
    private readonly engineVersion: EngineVersion,
  ) {}

  private docker(): Promise<Docker> {
    this.dockerode ??= this.makeDockerode();
    return this.dockerode;
  }

  private async container(idOrName: string): Promise<Docker.Container> {
    return (await this.docker()).getContainer(idOrName);
  }

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
    await this.call("pinging the engine", () => this.http.call({ path: "/_ping" }));
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
      this.http.json<Docker.ContainerInfo[]>({ path: "/containers/json", query: { all: filter.includeStopped ?? true, filters } }),
    );
    return raw.map(toContainerSummary);
  }

  async inspectContainer(idOrName: string): Promise<T.ContainerDetails | undefined> {
    const raw = await this.find(`inspecting container ${idOrName}`, () =>
      this.http.json<Docker.ContainerInspectInfo>({ path: `/containers/${idOrName}/json` }),
    );
    return raw === undefined ? undefined : toContainerDetails(raw);
  }

  async createContainer(request: T.ContainerCreateRequest): Promise<string> {
    const { name, ...body } = request;
    const created = await this.call(`creating container ${name}`, () =>
      this.http.json<{ Id: string }>({ method: "POST", path: "/containers/create", query: { name }, body }),
    );
    return created.Id;
  }

  async copyToContainer(idOrName: string, archive: Buffer | NodeJS.ReadableStream, path = "/", options: T.CopyToOptions = {}): Promise<void> {
    await this.call(`copying files into container ${idOrName}`, async () => putArchive(await this.container(idOrName), archive, path, options.containerUserOwns === true));
  }

  statContainerPath(idOrName: string, path: string): Promise<T.ContainerPathStat | undefined> {
    return this.find(`looking up ${path} in container ${idOrName}`, async () => statPath(await this.container(idOrName), path));
  }

  copyFromContainer(idOrName: string, path: string): Promise<NodeJS.ReadableStream> {
    return this.call(`copying ${path} out of container ${idOrName}`, async () => archiveOf(await this.container(idOrName), path));
  }

  async topContainer(idOrName: string, psArgs?: string): Promise<T.ContainerProcesses> {
    const top = (await this.call(`listing the processes of container ${idOrName}`, () => this.http.json({ path: `/containers/${idOrName}/top`, query: { ps_args: psArgs || undefined } }))) as { Titles?: string[]; Processes?: string[][] };
    return { titles: top.Titles ?? [], processes: top.Processes ?? [] };
  }

  async containerChanges(idOrName: string): Promise<T.ContainerChange[]> {
    // A container with no changes gets `null` from the engine.
    const raw: unknown = await this.call(`listing the changes of container ${idOrName}`, () => this.http.json({ path: `/containers/${idOrName}/changes` }));
    const kinds = ["changed", "added", "deleted"] as const;
    return (Array.isArray(raw) ? (raw as { Path: string; Kind: number }[]) : []).flatMap((change) => {
      const kind = kinds[change.Kind];
      return kind === undefined ? [] : [{ path: change.Path, kind }];
    });
  }

  async startContainer(idOrName: string): Promise<void> {
    await this.change(`starting container ${idOrName}`, () => this.http.call({ method: "POST", path: `/containers/${idOrName}/start` }));
  }

  async stopContainer(idOrName: string, options: StopOptions = {}): Promise<void> {
    const query = options.timeoutSeconds === undefined ? {} : { t: options.timeoutSeconds };
    await this.change(`stopping container ${idOrName}`, () => this.http.call({ method: "POST", path: `/containers/${idOrName}/stop`, query }));
  }

  async restartContainer(idOrName: string, options: StopOptions = {}): Promise<void> {
    const query = options.timeoutSeconds === undefined ? {} : { t: options.timeoutSeconds };
    await this.call(`restarting container ${idOrName}`, () =>
      this.http.call({ method: "POST", path: `/containers/${idOrName}/restart`, query }),
    );
  }

  async killContainer(idOrName: string, signal = "SIGKILL"): Promise<void> {
    await this.call(`sending ${signal} to container ${idOrName}`, () =>
      this.http.call({ method: "POST", path: `/containers/${idOrName}/kill`, query: { signal } }),
    );
  }

  async removeContainer(idOrName: string, options: RemoveContainerOptions = {}): Promise<void> {
    const query = { force: options.force ?? false, v: options.volumes ?? false };
    await this.call(`removing container ${idOrName}`, () => this.http.call({ method: "DELETE", path: `/containers/${idOrName}`, query }));
  }

  async renameContainer(idOrName: string, newName: string): Promise<void> {
    await this.call(`renaming container ${idOrName} to ${newName}`, () =>
      this.http.call({ method: "POST", path: `/containers/${idOrName}/rename`, query: { name: newName } }),
    );
  }

  async waitContainer(
    idOrName: string,
    condition: T.WaitCondition = "not-running",
    signal?: AbortSignal,
  ): Promise<T.WaitResult> {
    const request = { method: "POST", path: `/containers/${idOrName}/wait`, query: { condition }, ...(signal === undefined ? {} : { signal }) } as const;
    const raw = (await this.call(`waiting for container ${idOrName}`, () =>
      this.http.json(request),
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
      this.http.call({ method: "POST", path: `/networks/${network}/connect`, body }),
    );
  }

  async disconnectNetwork(network: string, container: string, force = false): Promise<void> {
    const body = { Container: container, Force: force };
    await this.call(`disconnecting ${container} from network ${network}`, () =>
      this.http.call({ method: "POST", path: `/networks/${network}/disconnect`, body }),
    );
  }

  async inspectImage(reference: string): Promise<T.ImageDetails | undefined> {
    const raw = await this.find(`inspecting image ${reference}`, () =>
      this.http.json({ path: `/images/${reference}/json` }),
    );
    return raw as unknown as T.ImageDetails | undefined;
  }

  async listImages(filter: T.ImageFilter = {}): Promise<T.ImageSummary[]> {
    const filters = filtersOf({
      label: labelFilter(filter.labels),
      reference: filter.reference === undefined ? undefined : [filter.reference],
      dangling: filter.danglingOnly === true ? ["true"] : undefined,
    });
    return (await this.call("listing images", () => this.http.json<Docker.ImageInfo[]>({ path: "/images/json", query: { filters } }))).map(toImageSummary);
  }

  buildImage(
    request: T.BuildRequest,
    onProgress: (progress: T.BuildProgress) => void = () => {},
    signal = never,
  ): Promise<T.BuildResult> {
    return this.call(`building ${request.tags[0] ?? request.context}`, async () =>
      (await import("./docker-build.js")).runBuild(await this.docker(), request, onProgress, signal),
    );
  }

  async removeImage(reference: string, force = false): Promise<void> {
    await this.call(`removing image ${reference}`, () => this.http.call({ method: "DELETE", path: `/images/${reference}`, query: { force } }));
  }

  async pullImage(reference: string, signal = never): Promise<void> {
    await this.call(`pulling ${reference}`, async () => {
      const stream = await (await this.docker()).pull(reference, { abortSignal: signal });
      for await (const message of readJsonLines(readChunks(stream, signal))) {
        const failure = message as { error?: string };
        if (failure.error !== undefined)
          throw new EngineError("engine.failed", `pulling ${reference}: ${failure.error}`);
      }
    });
  }

  async listNetworks(labels?: Readonly<Record<string, string | true>>): Promise<T.NamedResource[]> {
    const filters = filtersOf({ label: labelFilter(labels) });
    return (await this.call("listing networks", () => this.http.json<Parameters<typeof toNamedResource>[0][]>({ path: "/networks", query: { filters } }))).map(
      toNamedResource,
    );
  }

  async createNetwork(request: T.NetworkCreateRequest): Promise<string> {
    const body = networkBody(request);
    return (await this.call(`creating network ${request.name}`, () => this.http.json<{ Id: string }>({ method: "POST", path: "/networks/create", body }))).Id;
  }

  async inspectNetwork(idOrName: string): Promise<T.NetworkDetails | undefined> {
    const raw = await this.find(
      `inspecting network ${idOrName}`,
      () => this.http.json<unknown>({ path: `/networks/${idOrName}` }),
    );
    return raw === undefined ? undefined : ({ Containers: {}, ...(raw as object) } as T.NetworkDetails);
  }

  async removeNetwork(idOrName: string): Promise<void> {
    await this.call(`removing network ${idOrName}`, () => this.http.call({ method: "DELETE", path: `/networks/${idOrName}` }));
  }

  async listVolumes(labels?: Readonly<Record<string, string | true>>): Promise<T.NamedResource[]> {
    const filters = filtersOf({ label: labelFilter(labels) });
    const raw = await this.call("listing volumes", () => this.http.json<{ Volumes?: Parameters<typeof toNamedResource>[0][] | null }>({ path: "/volumes", query: { filters } }));
    return (raw.Volumes ?? []).map(toNamedResource);
  }

  async createVolume(request: T.VolumeCreateRequest): Promise<T.VolumeDetails> {
    const body = {
      Name: request.name,
      Driver: request.driver ?? "local",
      DriverOpts: { ...request.driverOptions },
      Labels: { ...request.labels },
    };
    // The engine answers with the volume's details.
    return this.call(`creating volume ${request.name}`, () => this.http.json<T.VolumeDetails>({ method: "POST", path: "/volumes/create", body }));
  }

  async inspectVolume(name: string): Promise<T.VolumeDetails | undefined> {
    return this.find(`inspecting volume ${name}`, () => this.http.json<T.VolumeDetails>({ path: `/volumes/${name}` }));
  }

  async removeVolume(name: string, force = false): Promise<void> {
    const query = force ? { force: true } : {};
    await this.call(`removing volume ${name}`, () => this.http.call({ method: "DELETE", path: `/volumes/${encodeURIComponent(name)}`, query }));
  }

  exec(idOrName: string, request: T.ExecRequest): Promise<T.ExecResult> {
    return this.call(`running ${request.command.join(" ")} in ${idOrName}`, () =>
      runExec(this.http, idOrName, request),
    );
  }

  readLogs(idOrName: string, options: T.LogOptions = {}): Promise<T.LogChunk[]> {
    return this.call(`reading the logs of ${idOrName}`, () => readContainerLogs(this.http, idOrName, options));
  }

  async *followLogs(idOrName: string, options: T.LogOptions, signal: AbortSignal): AsyncIterable<T.LogChunk> {
    try {
      yield* followContainerLogs(this.http, idOrName, options, signal);
    } catch (error) {
      throw toEngineError(error, `following the logs of ${idOrName}`, this.endpoint);
    }
  }

  async *events(filter: T.EventFilter, signal: AbortSignal): AsyncIterable<T.EngineEvent> {
    const stream = await this.call("following engine events", () => this.http.send({ path: "/events", query: eventQuery(filter), signal })).catch(
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
      this.http.json<object>({ path: `/containers/${idOrName}/stats`, query: { stream: false } }),
    );
    return toContainerStats(raw as object);
  }
}
