import type { Project } from "../compose/model/project.js";
import { imageOf } from "../plan/desired.js";
import type { ContainerStatus, ObservedContainer, ObservedState } from "../plan/observed-state.js";
import { buildDigestLabel, contextDigest } from "../engine/context-digest.js";
import { berthLabel, composeLabel } from "../engine/labels.js";
import { buildRequestOf } from "./operations/images.js";
import type { ContainerSummary, Engine } from "./engine-port.js";

/** One snapshot of a project's containers, networks, volumes and images, found by labels. */
export async function observeProject(engine: Engine, project: Project): Promise<ObservedState> {
  const filter = { [composeLabel.project]: project.name };
  const [containers, networks, volumes, images, staleImages] = await Promise.all([
    engine.listContainers({ labels: filter }),
    engine.listNetworks(filter),
    engine.listVolumes(filter),
    observeImages(engine, project),
    observeStaleImages(engine, project),
  ]);
  return {
    project: project.name,
    containers: containers.map(toObservedContainer).filter((c): c is ObservedContainer => c !== undefined),
    networks: networks.map(({ name, id }) => ({ name, id })),
    volumes: volumes.map(({ name, id }) => ({ name, id })),
    images,
    ...(Object.keys(staleImages).length > 0 ? { staleImages } : {}),
  };
}

/** Built images whose recorded build digest is not the digest of their build inputs now. */
async function observeStaleImages(engine: Engine, project: Project): Promise<Record<string, string>> {
  const built = Object.values(project.services).filter((service) => service.build !== undefined);
  const checks = await Promise.all(
    built.map(async (service) => {
      const image = imageOf(project, service);
      const recorded = (await engine.inspectImage(image))?.Config.Labels?.[buildDigestLabel];
      if (recorded === undefined || !service.build) return undefined;
      const request = buildRequestOf(service.build, image);
      const now = await contextDigest(request).catch(() => undefined);
      return now === undefined || now === recorded ? undefined : ([image, `${service.name}: its build context, Dockerfile or build args changed since ${image} was built`] as const);
    }),
  );
  return Object.fromEntries(checks.filter((check) => check !== undefined));
}

async function observeImages(engine: Engine, project: Project): Promise<Record<string, string>> {
  const references = [...new Set(Object.values(project.services).map((service) => imageOf(project, service)))];
  const ids = await Promise.all(references.map(async (reference) => (await engine.inspectImage(reference))?.Id));
  return Object.fromEntries(references.flatMap((reference, i) => (ids[i] ? [[reference, ids[i]]] : [])));
}

const statuses: readonly ContainerStatus[] = ["created", "running", "paused", "restarting", "removing", "exited", "dead"];

function toObservedContainer(summary: ContainerSummary): ObservedContainer | undefined {
  const service = summary.labels[composeLabel.service];
  if (!service) return undefined;
  const status = statuses.find((s) => s === summary.state) ?? "dead";
  const imageRef = summary.labels[berthLabel.imageRef];
  return {
    id: summary.id,
    name: summary.name.replace(/^\//, ""),
    service,
    number: Number(summary.labels[composeLabel.number] ?? "1"),
    oneoff: (summary.labels[composeLabel.oneoff] ?? "False").toLowerCase() === "true",
    status,
    exitCode: exitCodeOf(summary.status),
    configHash: summary.labels[composeLabel.configHash],
    imageId: summary.imageId,
    ...(imageRef === undefined ? {} : { imageRef }),
    health: healthOf(summary.status),
  };
}

/** `Exited (137) 2 minutes ago` → 137; the list API carries the code only in this text. */
function exitCodeOf(status: string): number {
  const match = /Exited \((\d+)\)/.exec(status);
  return match ? Number(match[1]) : 0;
}

function healthOf(status: string): ObservedContainer["health"] {
  if (status.includes("(healthy)")) return "healthy";
  if (status.includes("(unhealthy)")) return "unhealthy";
  return status.includes("health: starting") ? "starting" : undefined;
}
