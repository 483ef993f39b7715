import type { Project } from "../compose/model/project.js";
import type { ContainerDetails, Engine } from "../engine/engine.js";
import type { ServiceStatus } from "../report/report.js";
import { driftedFiles } from "./drift.js";
import { findServiceContainer } from "./service-container.js";
import { jobNames } from "../plan/service-traits.js";

/** What `up` recorded for a service (from the journal), preferred over what inspect can still show. */
export interface RecordedTimes {
  readonly startedAt: string | null;
  readonly healthyAt: string | null;
}

/**
 * The engine's view of every service for the report: state, health, ports, restarts, image size,
 * CPU and memory (one stats sample each, taken in parallel), and the startup times.
 */
export async function gatherServiceStatus(engine: Engine, project: Project, recorded: Readonly<Record<string, RecordedTimes>> = {}): Promise<ServiceStatus[]> {
  const jobs = jobNames(project);
  const names = Object.keys(project.services);
  const containers = await Promise.all(names.map((name) => findServiceContainer({ engine, projectName: project.name }, name)));
  return Promise.all(names.map((name, i) => statusOf(engine, { name, image: project.services[name]?.image ?? "", oneShot: jobs.has(name) }, containers[i], recorded[name])));
}

interface ServiceRef {
  readonly name: string;
  readonly image: string;
  readonly oneShot: boolean;
}

async function statusOf(engine: Engine, ref: ServiceRef, details: ContainerDetails | undefined, recorded: RecordedTimes | undefined): Promise<ServiceStatus> {
  const { name, image, oneShot } = ref;
  if (details === undefined) return missingService(name, image, oneShot);
  const running = details.State.Running;
  const [imageDetails, stats, changes] = await Promise.all([
    engine.inspectImage(details.Image).catch(() => undefined),
    running ? engine.stats(details.Id).catch(() => undefined) : undefined,
    running && !oneShot ? engine.containerChanges(details.Id).catch(() => []) : [],
  ]);
  const drift = driftedFiles(changes, details.Mounts ?? [], details.Config.WorkingDir ?? "");
  return {
    service: name,
    container: details.Name,
    image: details.Config.Image,
    imageSizeBytes: imageDetails?.Size ?? null,
    state: details.State.Status,
    health: healthOf(details, recorded),
    exitCode: details.State.Running ? null : details.State.ExitCode,
    oneShot,
    ports: publishedPorts(details),
    restarts: details.RestartCount,
    cpuPercent: stats?.cpuPercent ?? null,
    memoryBytes: stats?.memoryBytes ?? null,
    memoryLimitBytes: stats?.memoryLimitBytes ?? null,
    createdAt: details.Created,
    // Times `up` recorded win: inspect shows only the latest start and the last five healthchecks.
    startedAt: recorded?.startedAt ?? validTime(details.State.StartedAt),
    healthyAt: recorded?.healthyAt ?? firstHealthyAt(details),
    finishedAt: details.State.Running ? null : validTime(details.State.FinishedAt),
    ...(drift.length > 0 ? { drift } : {}),
  };
}

/**
 * The engine says "starting" until its first healthcheck interval has passed; `up` runs the
 * healthcheck itself right after start, so a healthy time it recorded since the container's
 * current start settles it. A later restart makes the engine's word count again.
 */
export function healthOf(details: ContainerDetails, recorded: RecordedTimes | undefined): string {
  const status = details.State.Health?.Status ?? "none";
  if (status !== "starting" || !recorded?.healthyAt) return status;
  const started = Date.parse(details.State.StartedAt);
  return Number.isNaN(started) || Date.parse(recorded.healthyAt) >= started ? "healthy" : status;
}

function missingService(service: string, image: string, oneShot: boolean): ServiceStatus {
  return { service, container: null, image, imageSizeBytes: null, state: "missing", health: "none", exitCode: null, oneShot, ports: [], restarts: 0, cpuPercent: null, memoryBytes: null, memoryLimitBytes: null, createdAt: null, startedAt: null, healthyAt: null, finishedAt: null };
}

// The engine writes 0001-01-01T00:00:00Z for a container that never started.
const validTime = (time: string): string | null => (time.startsWith("0001-") ? null : time);

/** The end of the first passing healthcheck since the last start (the engine keeps the last five). */
export function firstHealthyAt(details: ContainerDetails): string | null {
  const started = Date.parse(details.State.StartedAt);
  const passing = details.State.Health?.Log.find((entry) => entry.ExitCode === 0 && entry.End !== undefined && Date.parse(entry.End) >= started);
  return passing?.End ?? null;
}

function publishedPorts(details: ContainerDetails): string[] {
  return Object.entries(details.NetworkSettings.Ports ?? {}).flatMap(([port, bindings]) => (bindings ?? []).map((b) => `${b.HostIp || "0.0.0.0"}:${b.HostPort}->${port}`));
}
