import { OperationFailed } from "../../common/errors.js";
import type { Project, Service } from "../../compose/model/project.js";
import type { Engine } from "../../engine/engine.js";
import { createNetwork, createVolume } from "../../deploy/operations/resources.js";
import { StepFailure, type RunContext } from "../../deploy/operations/run-context.js";
import { networkKeysOf, projectNetworks, projectVolumes, volumeKeysOf, type ProjectResource } from "../../plan/desired.js";
import type { ObservedState } from "../../plan/observed-state.js";

/** The project networks and named volumes a service needs that the engine does not have yet. */
export function missingResources(project: Project, service: Service, observed: Pick<ObservedState, "networks" | "volumes">): { networks: ProjectResource[]; volumes: ProjectResource[] } {
  const has = (list: readonly { name: string }[], name: string) => list.some((item) => item.name === name);
  const networkKeys = new Set(networkKeysOf(service));
  const volumeKeys = new Set(volumeKeysOf(service));
  return {
    networks: projectNetworks(project).filter((n) => networkKeys.has(n.key) && !has(observed.networks, n.name)),
    volumes: projectVolumes(project).filter((v) => volumeKeys.has(v.key) && !has(observed.volumes, v.name)),
  };
}

/**
 * `berth run` before any `up`: creates the service's networks and named volumes as `up` would
 * (same labels and options, so `up` and `down` adopt them), as `docker compose run` does, before
 * its container is created. A resource the engine refuses fails here, with nothing else created.
 */
export async function ensureRunResources(engine: Engine, project: Project, service: Service, observed: Pick<ObservedState, "networks" | "volumes">, signal: AbortSignal): Promise<void> {
  const missing = missingResources(project, service, observed);
  const context: RunContext = { engine, project, signal, containers: new Map(), configHash: () => "", pull: "missing" };
  try {
    for (const network of missing.networks) await createNetwork(context, network.key, network.name);
    for (const volume of missing.volumes) await createVolume(context, volume.key, volume.name);
  } catch (error) {
    if (error instanceof StepFailure) throw new OperationFailed("cli.run-resources", `${service.name}: ${error.message}`, { hint: "berth up creates the project's networks and volumes; see docker network ls / docker volume ls" });
    throw error;
  }
}
