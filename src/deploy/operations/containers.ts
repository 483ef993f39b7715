import { existsSync } from "node:fs";
import { basename } from "node:path";
import type { Service } from "../../compose/model/project.js";
import { imageOf, networkKeysOf } from "../../plan/desired.js";
import { containerLabels } from "../../engine/labels.js";
import { aliasesOf, containerSpec, networkNamesOf } from "../container-spec.js";
import { copyFilesInto } from "../copy-files.js";
import { copiedFilesOf, MountedFileError, type CopiedFile } from "../../plan/mounted-files.js";
import { stopGraceSeconds } from "../../plan/service-traits.js";
import { containerKey, inPhase, serviceOf, StepFailure, type RunContext } from "./run-context.js";

interface Target {
  readonly service: string;
  readonly number: number;
  readonly name: string;
}

/** Creates a replica and joins it to all its networks. */
export async function createContainer(context: RunContext, target: Target): Promise<void> {
  const service = serviceOf(context, target.service);
  checkBindSources(service);
  const files = grantedFiles(context, service);
  const image = context.pinned?.[service.name] ?? imageOf(context.project, service);
  const imageId = (await context.engine.inspectImage(image))?.Id;
  const labels = containerLabels(context.project, service, { number: target.number, configHash: context.configHash(service), ...(imageId ? { imageId } : {}) });
  const body = containerSpec(context.project, service, { name: target.name, image, labels });
  const id = await inPhase("create", () => context.engine.createContainer(body));
  context.containers.set(containerKey(target.service, target.number), id);
  await inPhase("create", () => copyFilesInto(context.engine, id, files));
  await connectOtherNetworks(context, service, id);
}

/** The service's secrets and configs, checked before anything is created; those to copy in. */
function grantedFiles(context: RunContext, service: Service): readonly CopiedFile[] {
  try {
    return copiedFilesOf(context.project, service);
  } catch (error) {
    if (error instanceof MountedFileError) throw new StepFailure("create", `${error.message} (${error.hint})`);
    throw error;
  }
}

/**
 * A missing bind source that names a file is a mistake the engine would hide by creating a
 * directory in its place; missing directories are created by the engine, as compose does.
 */
function checkBindSources(service: Service): void {
  for (const mount of service.volumes ?? []) {
    if (mount.type !== "bind" || !mount.source || existsSync(mount.source)) continue;
    const looksLikeFile = /\.[A-Za-z0-9]+$/.test(basename(mount.source));
    if (looksLikeFile || mount.bind?.create_host_path !== true) {
      throw new StepFailure("create", `bind source path does not exist: ${mount.source}`);
    }
  }
}

async function connectOtherNetworks(context: RunContext, service: Service, id: string): Promise<void> {
  const keys = networkKeysOf(service);
  const names = networkNamesOf(context.project, service);
  for (let i = 1; i < keys.length; i++) {
    const name = names[i] as string;
    await inPhase("create", () => context.engine.connectNetwork(name, id, aliasesOf(service, keys[i] as string)));
  }
}

/** Stops and removes a container (the old one of a recreate, an orphan, a scaled-down replica). */
export async function removeContainer(context: RunContext, containerId: string, serviceName?: string): Promise<void> {
  const seconds = stopGraceSeconds(serviceName ? context.project.services[serviceName] : undefined);
  await inPhase("create", () => context.engine.stopContainer(containerId, { timeoutSeconds: seconds }));
  await inPhase("create", () => context.engine.removeContainer(containerId, { force: true }));
}

export async function recreateContainer(context: RunContext, target: Target, oldId: string): Promise<void> {
  grantedFiles(context, serviceOf(context, target.service)); // a missing secret must not cost the running container
  await removeContainer(context, oldId, target.service);
  await createContainer(context, target);
}

export async function startContainer(context: RunContext, target: Target): Promise<void> {
  const id = context.containers.get(containerKey(target.service, target.number));
  if (!id) throw new StepFailure("start", `no container for ${target.name}`);
  await inPhase("start", () => context.engine.startContainer(id));
}

export async function restartContainer(context: RunContext, containerId: string): Promise<void> {
  await inPhase("start", () => context.engine.restartContainer(containerId));
}
