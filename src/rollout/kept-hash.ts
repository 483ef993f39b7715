import type { Project, Service } from "../compose/model/project.js";
import type { ObservedState } from "../plan/observed-state.js";
import { imageOf } from "../plan/desired.js";

/**
 * What a release records for containers `up` kept because the files' new tag names the very image
 * they run (issue 17 item 5): such a container still carries the config hash computed with the
 * reference it was created with, so recorded as it is, a later `rollback` would compare that
 * hash with the files' and say the configuration changed when only the tag did. A container whose
 * label equals the hash of its service with its own old reference, and which runs the image the
 * files' reference names, runs exactly what the files say: it is recorded with the files' hash.
 * Pure, given `configHash` (plan/mounted-files.ts's configHashOf).
 */
export function asKeptByFiles(project: Project, observed: ObservedState, configHash: (service: Service) => string): ObservedState {
  const containers = observed.containers.map((container) => {
    const service = project.services[container.service];
    if (!service?.image || container.imageRef === undefined || container.configHash === undefined) return container;
    const reference = imageOf(project, service);
    if (container.imageRef === reference || observed.images[reference] !== container.imageId) return container;
    if (container.configHash !== configHash({ ...service, image: container.imageRef })) return container;
    return { ...container, configHash: configHash(service) };
  });
  return { ...observed, containers };
}
