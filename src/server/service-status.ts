import { listProjectContainers } from "../deploy/list-containers.js";
import type { Engine } from "../engine/engine.js";
import type { ServedProject } from "./served-project.js";
import { isJob } from "../plan/service-traits.js";

/**
 * `healthy`, `running` (no healthcheck), `completed` (a job others wait for, exited 0),
 * `starting`, `unhealthy`, `stopped`, or `missing` (no container).
 */
export type ServiceState = "healthy" | "running" | "completed" | "starting" | "unhealthy" | "stopped" | "missing";

export interface ContainerStatus {
  readonly name: string;
  readonly state: ServiceState;
  /** The engine's own words: `running`, `exited`, ... */
  readonly engineState: string;
  readonly exitCode: number | null;
  readonly restarts: number;
  readonly startedAt: string | null;
  readonly image: string;
  readonly ports: readonly string[];
}

export interface ServiceStatus {
  readonly service: string;
  readonly state: ServiceState;
  readonly containers: readonly ContainerStatus[];
}

// Worst first: a service is as bad as its worst container.
const severity: readonly ServiceState[] = ["missing", "stopped", "unhealthy", "starting", "running", "completed", "healthy"];

/** Live state of every service of the project (disabled profiles left out), from list + inspect. */
export async function readServiceStatus(engine: Engine, served: ServedProject): Promise<ServiceStatus[]> {
  const rows = await listProjectContainers(engine, served.name);
  const containers = await Promise.all(rows.map(async (row) => ({ service: row.service, status: await containerStatus(engine, row.id, row) })));
  return Object.keys(served.project.services).map((service) => {
    const job = isJob(served.project, service);
    const own = containers.filter((c) => c.service === service).map((c) => (job && c.status.state === "stopped" && c.status.exitCode === 0 ? { ...c.status, state: "completed" as const } : c.status));
    return { service, containers: own, state: worstOf(own.map((c) => c.state)) };
  });
}

async function containerStatus(engine: Engine, id: string, row: { name: string; image: string; ports: readonly string[] }): Promise<ContainerStatus> {
  const details = await engine.inspectContainer(id);
  const state = details?.State;
  const running = state?.Running === true;
  return {
    name: row.name,
    state: running ? runningState(state?.Health?.Status) : "stopped",
    engineState: state?.Status ?? "removed",
    exitCode: running || state === undefined ? null : state.ExitCode,
    restarts: details?.RestartCount ?? 0,
    startedAt: state?.StartedAt ? state.StartedAt : null,
    image: row.image,
    ports: row.ports,
  };
}

function runningState(health: string | undefined): ServiceState {
  if (health === "healthy" || health === "unhealthy" || health === "starting") return health;
  return "running";
}

function worstOf(states: readonly ServiceState[]): ServiceState {
  if (states.length === 0) return "missing";
  return states.reduce((worst, state) => (severity.indexOf(state) < severity.indexOf(worst) ? state : worst));
}

/** Healthy, running without a healthcheck, or a job that completed: what the dashboard shows green. */
export const isServiceUp = (state: ServiceState): boolean => state === "healthy" || state === "running" || state === "completed";
