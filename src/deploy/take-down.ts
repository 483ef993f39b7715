import { DependencyGraph } from "../compose/graph.js";
import type { Project } from "../compose/model/project.js";
import { berthLabel, composeLabel, projectFilter } from "../engine/labels.js";
import { imageOf } from "../plan/desired.js";
import { orderServices } from "../plan/service-order.js";
import type { ContainerSummary, Engine } from "./engine-port.js";
import type { ProgressListener } from "./progress.js";

export interface DownOptions {
  readonly engine: Engine;
  readonly project: Project;
  /** Also remove named and anonymous volumes (`-v`). */
  readonly volumes: boolean;
  /** `local`: images built for services without an explicit image name; `all`: every service image. */
  readonly removeImages?: "local" | "all";
  readonly timeoutSeconds?: number;
  readonly onProgress?: ProgressListener;
}

export interface DownResult {
  readonly containers: readonly string[];
  readonly networks: readonly string[];
  readonly volumes: readonly string[];
  readonly images: readonly string[];
}

/**
 * `berth down`: stop and remove the project's containers (dependants first, as compose does),
 * then its networks, and with -v its volumes. Everything is found by labels, so containers of
 * services no longer in the files go too, and so do docker-compose's own.
 */
export async function takeDown(options: DownOptions): Promise<DownResult> {
  const { engine, project } = options;
  const containers = await engine.listContainers({ labels: projectFilter(project.name) });
  const mounted = options.volumes ? await mountedVolumes(engine, containers) : [];
  for (const wave of removalWaves(project, containers)) {
    await Promise.all(wave.map((container) => removeOne(options, container)));
  }
  await removeHelpers(engine, project.name);
  const networks = await removeAll(engine.listNetworks(projectFilter(project.name)), (name) => engine.removeNetwork(name));
  const named = options.volumes ? await removeAll(engine.listVolumes(projectFilter(project.name)), (name) => engine.removeVolume(name)) : [];
  // Anonymous volumes go with their containers (remove with v=true): counted when they are gone.
  const anonymous = await gone(engine, mounted.filter((name) => !named.includes(name)));
  const volumes = [...named, ...anonymous];
  const images = options.removeImages ? await removeImages(engine, project, options.removeImages) : [];
  return { containers: containers.map((c) => c.name), networks, volumes, images };
}

/**
 * Dependants before their dependencies; services unknown to the files (orphans) go first. With
 * no files (down -p NAME), the order comes from the containers' depends_on labels.
 */
function removalWaves(project: Project, containers: readonly ContainerSummary[]): ContainerSummary[][] {
  const known = Object.keys(project.services).length > 0;
  const order = (known ? orderServices(project) : orderFromLabels(containers)).reverse();
  const position = new Map(order.map((name, index) => [name, index]));
  const rank = (c: ContainerSummary) => position.get(c.labels[composeLabel.service] ?? "") ?? -1;
  const waves = new Map<number, ContainerSummary[]>();
  for (const container of containers) waves.set(rank(container), [...(waves.get(rank(container)) ?? []), container]);
  return [...waves.entries()].sort(([a], [b]) => a - b).map(([, wave]) => wave);
}

/** Dependency order read from `com.docker.compose.depends_on` (`db:service_healthy:false,...`). */
export function orderFromLabels(containers: readonly ContainerSummary[]): string[] {
  const dependencies = new Map<string, string[]>();
  for (const container of containers) {
    const service = container.labels[composeLabel.service];
    if (!service) continue;
    const label = container.labels[composeLabel.dependsOn] ?? "";
    dependencies.set(service, label.split(",").map((entry) => entry.split(":")[0] ?? "").filter(Boolean));
  }
  // Sorted roots, each service's dependencies in label order; walked with the graph's own stack.
  return new DependencyGraph(new Map([...dependencies.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))).order();
}

/** Names of the volumes mounted into the containers (named and anonymous). */
async function mountedVolumes(engine: Engine, containers: readonly ContainerSummary[]): Promise<string[]> {
  const details = await Promise.all(containers.map((c) => engine.inspectContainer(c.id).catch(() => undefined)));
  const names = details.flatMap((d) => (d?.Mounts ?? []).filter((m) => m.Type === "volume" && m.Name).map((m) => m.Name!));
  return [...new Set(names)].sort();
}

/** The volumes of a list that no longer exist. */
async function gone(engine: Engine, names: readonly string[]): Promise<string[]> {
  const left = await Promise.all(names.map(async (name) => ((await engine.inspectVolume(name).catch(() => undefined)) === undefined ? name : undefined)));
  return left.filter((name): name is string => name !== undefined);
}

async function removeOne(options: DownOptions, container: ContainerSummary): Promise<void> {
  const service = container.labels[composeLabel.service] ?? container.name;
  options.onProgress?.({ service, phase: "removing", at: Date.now(), detail: container.name });
  const timeoutSeconds = options.timeoutSeconds ?? 10;
  await options.engine.stopContainer(container.id, { timeoutSeconds });
  await options.engine.removeContainer(container.id, { force: true, volumes: options.volumes });
}

/**
 * berth's own helper containers of the project (a verify observer a killed run left, the address
 * keeper a rollout leaves for the proxies' cache time, ~2 s after `up` exits) hold endpoints on its
 * networks: removed before the networks, which the engine refuses to remove while they are attached.
 */
async function removeHelpers(engine: Engine, project: string): Promise<void> {
  const listHelpers = async () => (await engine.listContainers({ labels: { [berthLabel.helperOf]: project }, includeStopped: true })).filter((container) => container.labels[berthLabel.helperOf] === project);
  const helpers = await listHelpers();
  if (helpers.length === 0) return;
  // One may be removing itself already (auto-remove): the engine then answers 409, and it is waited for below.
  await Promise.all(helpers.map((helper) => engine.removeContainer(helper.id, { force: true }).catch(() => undefined)));
  for (const deadline = Date.now() + 10_000; Date.now() < deadline && (await listHelpers()).length > 0; ) await new Promise((wait) => setTimeout(wait, 100));
}

async function removeAll(listing: Promise<{ name: string }[]>, remove: (name: string) => Promise<void>): Promise<string[]> {
  const names = (await listing).map((item) => item.name).sort();
  for (const name of names) await remove(name);
  return names;
}

async function removeImages(engine: Engine, project: Project, which: "local" | "all"): Promise<string[]> {
  const services = Object.values(project.services).filter((s) => which === "all" || s.image === undefined);
  const references = [...new Set(services.map((s) => imageOf(project, s)))].sort();
  const removed: string[] = [];
  for (const reference of references) {
    if (!(await engine.inspectImage(reference))) continue;
    await engine.removeImage(reference);
    removed.push(reference);
  }
  return removed;
}
