import { Readable } from "node:stream";
import { FakeContainerFiles, ownerOf, readAll } from "./copy-fake.js";
import type { Engine, EngineVersion, RemoveContainerOptions } from "./engine.js";
export type { FakeBehaviour } from "./fake-container.js";
export { SPEAKS_AT_START } from "./fake-container.js";
import type * as T from "./engine.js";
import {
  detailsOf,
  execAnswer,
  followFakeLogs,
  newFakeContainer,
  statsOf,
  summaryOf,
  type FakeBehaviour,
  type FakeContainer,
} from "./fake-container.js";
import { FakeEventBus } from "./fake-event-bus.js";
import { conflict, fakeId, FakeResources, labelsMatch, notFound } from "./fake-resources.js";

export interface FakeEngineOptions {
  /** Image tags present from the start. */
  readonly images?: readonly string[];
  /** The behaviour of each container, chosen from its create request. */
  readonly behave?: (request: T.ContainerCreateRequest) => FakeBehaviour;
  /** A scripted build outcome; undefined: the build succeeds and tags an image. */
  readonly build?: (request: T.BuildRequest) => T.BuildResult | undefined;
  /** Milliseconds since the epoch, for event times; default Date.now. */
  readonly clock?: () => number;
}

/**
 * An in-memory Engine for unit tests: containers, images, networks and volumes as plain state,
 * engine events on `events()`, scripted exits, health and exec answers, and a journal of every
 * change in `calls` (`start web-1`) for assertions. Errors carry the real engine's codes.
 */
export class FakeEngine implements Engine {
  readonly calls: string[] = [];
  readonly bus = new FakeEventBus();
  readonly resources = new FakeResources();
  private readonly containers = new Map<string, FakeContainer>();
  private readonly files = new Map<string, FakeContainerFiles>();
  private readonly clock: () => number;

  constructor(private readonly options: FakeEngineOptions = {}) {
    this.clock = options.clock ?? Date.now;
    for (const tag of options.images ?? []) this.resources.addImage([tag]);
  }

  ping(): Promise<void> {
    return Promise.resolve();
  }

  version(): Promise<EngineVersion> {
    return Promise.resolve({
      version: "fake",
      apiVersion: "1.41",
      engineApiVersion: "1.41",
      os: "linux",
      arch: "amd64",
      kernelVersion: "",
    });
  }

  async listContainers(filter: T.ContainerFilter = {}): Promise<T.ContainerSummary[]> {
    return [...this.containers.values()]
      .filter((c) => labelsMatch(c.request.Labels ?? {}, filter.labels))
      .filter((c) => filter.names === undefined || filter.names.includes(c.name))
      .filter((c) => filter.includeStopped !== false || c.status === "running")
      .map((c) => summaryOf(c));
  }

  async inspectContainer(idOrName: string): Promise<T.ContainerDetails | undefined> {
    const container = this.find(idOrName);
    return container === undefined ? undefined : detailsOf(container);
  }

  async createContainer(request: T.ContainerCreateRequest): Promise<string> {
    if (this.find(request.name) !== undefined)
      throw conflict(`Conflict. The container name "/${request.name}" is already in use`);
    const image = this.resources.image(request.Image);
    if (image === undefined) throw notFound(`image: ${request.Image}`);
    const id = fakeId(`container:${request.name}:${this.calls.length}`).slice(7);
    this.containers.set(id, newFakeContainer(id, request, image.Id, this.options.behave?.(request) ?? {}));
    this.record("create", this.get(id));
    return id;
  }

  async startContainer(idOrName: string): Promise<void> {
    const container = this.get(idOrName);
    if (container.status === "running") return;
    container.status = "running";
    this.record("start", container);
    const { exitOnStart, oomKilled, health } = container.behaviour;
    if (exitOnStart !== undefined)
      return this.exit(container, exitOnStart, oomKilled === true ? ["oom"] : []);
    if (container.request.Healthcheck !== undefined) this.setHealth(container, health ?? "healthy");
  }

  async stopContainer(idOrName: string): Promise<void> {
    const container = this.get(idOrName);
    if (container.status !== "running") return;
    this.exit(container, 0, ["kill"]);
    this.record("stop", container);
  }

  async restartContainer(idOrName: string): Promise<void> {
    await this.stopContainer(idOrName);
    this.get(idOrName).restartCount += 1;
    await this.startContainer(idOrName);
  }

  async killContainer(idOrName: string, signal = "SIGKILL"): Promise<void> {
    const container = this.get(idOrName);
    if (container.status !== "running") throw conflict(`Container ${container.id} is not running`);
    this.exit(container, signal === "SIGKILL" ? 137 : 143, ["kill"]);
  }

  async removeContainer(idOrName: string, options: RemoveContainerOptions = {}): Promise<void> {
    const container = this.get(idOrName);
    if (container.status === "running" && options.force !== true)
      throw conflict(`You cannot remove a running container ${container.id}`);
    if (container.status === "running") this.exit(container, 137, ["kill"]);
    this.containers.delete(container.id);
    this.record("destroy", container);
  }

  async renameContainer(idOrName: string, newName: string): Promise<void> {
    if (this.find(newName) !== undefined)
      throw conflict(`Conflict. The container name "/${newName}" is already in use`);
    const container = this.get(idOrName);
    container.name = newName;
    this.record("rename", container);
  }

  async waitContainer(
    idOrName: string,
    _condition: T.WaitCondition = "not-running",
    signal?: AbortSignal,
  ): Promise<T.WaitResult> {
    const container = this.get(idOrName);
    if (container.status !== "running") return { exitCode: container.exitCode };
    await new Promise<void>((resolve, reject) => {
      container.exitWaiters.push(resolve);
      signal?.addEventListener("abort", () => reject(conflict("waiting: cancelled")), { once: true });
    });
    return { exitCode: container.exitCode };
  }

  async connectNetwork(network: string, container: string, aliases: readonly string[] = []): Promise<void> {
    if (this.resources.network(network) === undefined) throw notFound(`network: ${network}`);
    this.get(container).networks.set(network, aliases);
    this.calls.push(`connect ${this.get(container).name} ${network}`);
  }

  async copyToContainer(idOrName: string, archive: Buffer | NodeJS.ReadableStream, path = "/", options: T.CopyToOptions = {}): Promise<void> {
    const container = this.get(idOrName);
    const bytes = Buffer.isBuffer(archive) ? archive : await readAll(archive);
    if (this.filesOf(idOrName).stat(path)?.isDir !== true) throw notFound(`file ${path} in container ${container.name}`);
    container.archives.push({ path, archive: bytes });
    await this.filesOf(idOrName).extract(bytes, path, options.containerUserOwns === true ? ownerOf(container.request.User) : undefined);
    this.calls.push(`copy ${container.name} ${path}`);
  }

  async statContainerPath(idOrName: string, path: string): Promise<T.ContainerPathStat | undefined> {
    return this.filesOf(idOrName).stat(path);
  }

  async copyFromContainer(idOrName: string, path: string): Promise<NodeJS.ReadableStream> {
    const archive = await this.filesOf(idOrName).archive(path);
    if (archive === undefined) throw notFound(`file ${path} in container ${this.get(idOrName).name}`);
    return Readable.from([archive]);
  }

  /** A container's filesystem as the archive calls see it (tests `put` files the image would have). */
  filesOf(idOrName: string): FakeContainerFiles {
    const id = this.get(idOrName).id;
    const files = this.files.get(id) ?? new FakeContainerFiles();
    this.files.set(id, files);
    return files;
  }

  /** One process per running container: its command as created (enough for the verbs that list them). */
  async topContainer(idOrName: string): Promise<T.ContainerProcesses> {
    const container = this.get(idOrName);
    if (container.status !== "running") throw conflict(`container ${container.name} is not running`);
    return { titles: ["UID", "PID", "CMD"], processes: [["root", "1", [...(container.request.Cmd ?? [])].join(" ")]] };
  }

  /** The files a test wrote into a container's writable layer (as `docker cp` would); none by default. */
  async containerChanges(idOrName: string): Promise<T.ContainerChange[]> {
    return [...this.get(idOrName).changes];
  }

  /** A file written into a container's writable layer after it started (`docker cp`, an app writing). */
  writeFile(idOrName: string, path: string, kind: T.ContainerChange["kind"] = "added"): void {
    this.get(idOrName).changes.push({ path, kind });
  }

  /** The archives copied into a container, in order (tests read the files berth put there). */
  copiedArchives(idOrName: string): readonly { readonly path: string; readonly archive: Buffer }[] {
    return this.get(idOrName).archives;
  }

  async disconnectNetwork(network: string, container: string): Promise<void> {
    this.get(container).networks.delete(network);
    this.calls.push(`disconnect ${this.get(container).name} ${network}`);
  }

  async inspectImage(reference: string): Promise<T.ImageDetails | undefined> {
    return this.resources.image(reference);
  }

  async listImages(filter: T.ImageFilter = {}): Promise<T.ImageSummary[]> {
    return this.resources.listImages(filter);
  }

  async buildImage(
    request: T.BuildRequest,
    onProgress?: (progress: T.BuildProgress) => void,
  ): Promise<T.BuildResult> {
    this.calls.push(`build ${request.tags.join(",")}`);
    const result = this.resources.build(request, this.options.build?.(request));
    for (const text of result.log.split("\n")) onProgress?.({ text });
    return result;
  }

  async removeImage(reference: string): Promise<void> {
    this.resources.removeImage(reference);
    this.calls.push(`remove image ${reference}`);
  }

  async pullImage(reference: string): Promise<void> {
    throw notFound(`image: ${reference} (the fake engine has no registry)`);
  }

  async listNetworks(labels?: Readonly<Record<string, string | true>>): Promise<T.NamedResource[]> {
    return this.resources.listNetworks(labels);
  }

  async createNetwork(request: T.NetworkCreateRequest): Promise<string> {
    this.calls.push(`create network ${request.name}`);
    return this.resources.createNetwork(request);
  }

  async inspectNetwork(idOrName: string): Promise<T.NetworkDetails | undefined> {
    return this.resources.network(idOrName);
  }

  async removeNetwork(idOrName: string): Promise<void> {
    const inUse = [...this.containers.values()].some((c) => c.networks.has(idOrName));
    this.resources.removeNetwork(idOrName, inUse);
    this.calls.push(`remove network ${idOrName}`);
  }

  async listVolumes(labels?: Readonly<Record<string, string | true>>): Promise<T.NamedResource[]> {
    return this.resources.listVolumes(labels);
  }

  async createVolume(request: T.VolumeCreateRequest): Promise<T.VolumeDetails> {
    this.calls.push(`create volume ${request.name}`);
    return this.resources.createVolume(request);
  }

  async inspectVolume(name: string): Promise<T.VolumeDetails | undefined> {
    return this.resources.volume(name);
  }

  async removeVolume(name: string): Promise<void> {
    // Binds name it as `name:/path`, Mounts as `"Source":"name"`.
    const uses = (c: FakeContainer) => JSON.stringify(c.request.HostConfig ?? {});
    const inUse = [...this.containers.values()].some(
      (c) => uses(c).includes(`"${name}:`) || uses(c).includes(`"Source":"${name}"`),
    );
    this.resources.removeVolume(name, inUse);
    this.calls.push(`remove volume ${name}`);
  }

  async exec(idOrName: string, request: T.ExecRequest): Promise<T.ExecResult> {
    const container = this.get(idOrName);
    if (container.status !== "running") throw conflict(`Container ${container.id} is not running`);
    return execAnswer(container.behaviour, request.command);
  }

  async readLogs(idOrName: string, options: T.LogOptions = {}): Promise<T.LogChunk[]> {
    const logs = this.get(idOrName).logs;
    return options.tail === undefined ? [...logs] : logs.slice(Math.max(0, logs.length - options.tail));
  }

  async *followLogs(idOrName: string, options: T.LogOptions, signal: AbortSignal): AsyncIterable<T.LogChunk> {
    yield* followFakeLogs(this.get(idOrName), await this.readLogs(idOrName, options), signal);
  }

  /** Appends output to a container's log, as the app would write it, for readers and followers. */
  writeLog(idOrName: string, text: string, stream: T.LogChunk["stream"] = "stdout"): void {
    const container = this.get(idOrName);
    const chunk = { stream, text };
    container.logs.push(chunk);
    for (const follower of container.logFollowers) follower(chunk);
  }

  events(filter: T.EventFilter, signal: AbortSignal): AsyncIterable<T.EngineEvent> {
    return this.bus.subscribe(filter, signal);
  }

  async stats(idOrName: string): Promise<T.ContainerStats> {
    return statsOf(this.get(idOrName).behaviour);
  }

  /** Makes a running container exit now, as a crash would (`die` event, waiters released). */
  crash(idOrName: string, exitCode: number): void {
    this.exit(this.get(idOrName), exitCode, []);
  }

  /** Changes a container's health, with its `health_status` event. */
  setHealth(container: FakeContainer | string, status: "starting" | "healthy" | "unhealthy"): void {
    const target = typeof container === "string" ? this.get(container) : container;
    target.health = status;
    this.record(`health_status: ${status}`, target);
  }

  private exit(container: FakeContainer, exitCode: number, before: readonly string[]): void {
    for (const action of before) this.record(action, container);
    container.status = "exited";
    container.exitCode = exitCode;
    this.record("die", container, { exitCode: String(exitCode) });
    for (const wake of container.exitWaiters.splice(0)) wake();
  }

  private record(action: string, container: FakeContainer, extra: Record<string, string> = {}): void {
    if (!action.startsWith("health_status")) this.calls.push(`${action} ${container.name}`);
    const attributes = {
      ...container.request.Labels,
      image: container.request.Image,
      name: container.name,
      ...extra,
    };
    this.bus.publish({ type: "container", action, id: container.id, attributes, time: this.clock() });
  }

  private find(idOrName: string): FakeContainer | undefined {
    return (
      this.containers.get(idOrName) ??
      [...this.containers.values()].find((c) => c.name === idOrName || c.id.startsWith(idOrName))
    );
  }

  private get(idOrName: string): FakeContainer {
    const container = this.find(idOrName);
    if (container === undefined) throw notFound(`container: ${idOrName}`);
    return container;
  }
}
