import type { Project, Service } from "../compose/model/project.js";
import { aliasesOf, containerSpec, networkNamesOf } from "../deploy/container-spec.js";
import { copyFilesInto } from "../deploy/copy-files.js";
import { copiedFilesOf } from "../plan/mounted-files.js";
import { stopGraceSeconds } from "../plan/service-traits.js";
import type { Engine } from "../deploy/engine-port.js";
import { containerLabels } from "../engine/labels.js";
import { networkKeysOf } from "../plan/desired.js";
import type { Replacement } from "./rollout-plan.js";

/** What creating a successor needs besides the replacement itself. */
export interface SuccessorInputs {
  readonly engine: Engine;
  readonly project: Project;
  readonly service: Service;
  /** Image reference or id the successor runs. */
  readonly image: string;
  readonly configHash: string;
}

/**
 * Creates and starts the successor of one replica under its temporary name, on the same networks.
 * On the `hidden` networks it has no service aliases yet: nobody sends it traffic before it is
 * proven healthy ({@link joinDiscovery} adds them).
 */
export async function startSuccessor(inputs: SuccessorInputs, replacement: Replacement, name: string, hidden: ReadonlySet<string>): Promise<string> {
  const { engine, project, service } = inputs;
  const imageId = (await engine.inspectImage(inputs.image))?.Id;
  const labels = containerLabels(project, service, { number: replacement.number, configHash: inputs.configHash, ...(imageId ? { imageId } : {}) });
  const body = containerSpec(project, service, { name, image: inputs.image, labels });
  const files = copiedFilesOf(project, service);
  const endpoints = Object.fromEntries(Object.entries(body.NetworkingConfig.EndpointsConfig).map(([net, endpoint]) => [net, hidden.has(net) ? { Aliases: [] } : endpoint]));
  const id = await engine.createContainer({ ...body, NetworkingConfig: { EndpointsConfig: endpoints } });
  try {
    await copyFilesInto(engine, id, files);
    const keys = networkKeysOf(service);
    const names = networkNamesOf(project, service);
    for (let i = 1; i < keys.length; i++) await engine.connectNetwork(names[i] as string, id, hidden.has(names[i] as string) ? [] : aliasesOf(service, keys[i] as string));
    await engine.startContainer(id);
  } catch (error) {
    // Created but not started: it never served, so it goes at once (it would hold the name).
    await engine.removeContainer(id, { force: true }).catch(() => undefined);
    throw error;
  }
  return id;
}

/**
 * Networks where a successor stays out of discovery until healthy: those shared with the
 * services that depend on it (its clients), or all of its networks when none is declared. Its own
 * outbound connections (a database on another network) are left alone.
 */
export function hiddenNetworks(project: Project, service: Service): Set<string> {
  const keys = networkKeysOf(service);
  const names = networkNamesOf(project, service);
  const dependants = Object.values(project.services).filter((other) => other.depends_on?.[service.name] !== undefined);
  const shared = keys.filter((key) => dependants.some((d) => networkKeysOf(d).includes(key)));
  const chosen = shared.length > 0 ? shared : keys;
  return new Set(chosen.map((key) => names[keys.indexOf(key)] as string));
}

/**
 * Adds the service aliases on the hidden networks: the engine cannot add an alias to an attached
 * endpoint, so the successor, which has served no traffic there yet, is re-attached with them.
 */
export async function joinDiscovery(inputs: SuccessorInputs, id: string, hidden: ReadonlySet<string>): Promise<void> {
  const keys = networkKeysOf(inputs.service);
  const names = networkNamesOf(inputs.project, inputs.service);
  for (const [i, name] of names.entries()) {
    if (!hidden.has(name)) continue;
    await inputs.engine.disconnectNetwork(name, id, true);
    await inputs.engine.connectNetwork(name, id, aliasesOf(inputs.service, keys[i] as string));
  }
}

/** Stop timeout in seconds: the service's stop_grace_period, so in-flight requests can finish. */
export function graceSeconds(service: Service): number {
  return stopGraceSeconds(service);
}

/**
 * Retires the old replica: SIGTERM with the grace period (the app stops accepting, drains, exits;
 * the engine drops it from DNS), then `afterStop` runs while it steps aside under its retired name,
 * kept stopped until the whole rollout succeeded so a later failure can bring it back.
 */
export async function retireOld(engine: Engine, service: Service, replacement: Replacement, afterStop?: () => Promise<void>): Promise<void> {
  await engine.stopContainer(replacement.oldId, { timeoutSeconds: graceSeconds(service) });
  // What must follow the stop at once (an address keeper takes the freed addresses) runs beside the rename.
  await Promise.all([afterStop?.(), engine.renameContainer(replacement.oldId, replacement.retiredName)]);
}

/** The successor takes the replica's usual name. */
export async function promote(engine: Engine, replacement: Replacement, newId: string): Promise<void> {
  await engine.renameContainer(newId, replacement.oldName);
}

/** Removes a successor that failed (or is rolled back); it may already be gone. */
export async function discard(engine: Engine, service: Service, id: string): Promise<void> {
  await engine.stopContainer(id, { timeoutSeconds: graceSeconds(service) }).catch(() => undefined);
  await engine.removeContainer(id, { force: true }).catch(() => undefined);
}

/**
 * Brings a replica back under its own name and running, from wherever a failed batch left it
 * (retired, stopped, or untouched: then nothing is done). A replica that is gone stays gone.
 */
export async function reinstate(engine: Engine, replacement: Replacement): Promise<void> {
  const current = await engine.inspectContainer(replacement.oldId);
  if (!current) return;
  if (current.Name.replace(/^\//, "") !== replacement.oldName) await engine.renameContainer(replacement.oldId, replacement.oldName);
  if (!current.State.Running) await engine.startContainer(replacement.oldId);
}
