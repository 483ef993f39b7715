import { OperationFailed } from "../common/errors.js";
import type { ContainerDetails, Engine } from "../engine/engine.js";
import { composeLabel, projectFilter } from "../engine/labels.js";

/** The running container of a service, as the drivers need it. */
export interface ServiceInstance {
  readonly id: string;
  readonly name: string;
  /** The exact image id: helpers and scratch containers run the same bits. */
  readonly imageId: string;
  readonly env: Readonly<Record<string, string>>;
  readonly details: ContainerDetails;
}

/** The service's first container (by number); OperationFailed when it has none or it is not running. */
export async function findServiceInstance(engine: Engine, project: string, service: string, { running = true } = {}): Promise<ServiceInstance> {
  const containers = await engine.listContainers({ labels: { ...projectFilter(project), [composeLabel.service]: service } });
  const own = containers
    .filter((c) => (c.labels[composeLabel.oneoff] ?? "False").toLowerCase() !== "true")
    .sort((a, b) => Number(a.labels[composeLabel.number] ?? 1) - Number(b.labels[composeLabel.number] ?? 1));
  const first = own[0];
  const details = first === undefined ? undefined : await engine.inspectContainer(first.id);
  if (details === undefined) throw new OperationFailed("backup.no-container", `service ${service} has no container in project ${project}`, { hint: "start it first: berth up" });
  if (running && !details.State.Running) throw new OperationFailed("backup.not-running", `service ${service} is ${details.State.Status}, not running`, { hint: `start it first: berth up ${service}` });
  return { id: details.Id, name: details.Name.replace(/^\//, ""), imageId: details.Image, env: envOf(details), details };
}

function envOf(details: ContainerDetails): Record<string, string> {
  const entries = details.Config.Env.map((line) => {
    const at = line.indexOf("=");
    return at < 0 ? [line, ""] : [line.slice(0, at), line.slice(at + 1)];
  });
  return Object.fromEntries(entries) as Record<string, string>;
}

/** Running containers of the project that mount the named volume (the writers to pause). */
export async function containersMounting(engine: Engine, project: string, volumeName: string): Promise<ContainerDetails[]> {
  const containers = await engine.listContainers({ labels: projectFilter(project), includeStopped: false });
  const details = await Promise.all(containers.map((c) => engine.inspectContainer(c.id)));
  return details.filter((d): d is ContainerDetails => d !== undefined && d.Mounts.some((m) => m.Type === "volume" && m.Name === volumeName));
}
