import { networkLabels, volumeLabels } from "../../engine/labels.js";
import { inPhase, type RunContext } from "./run-context.js";

export async function createNetwork(context: RunContext, key: string, name: string): Promise<void> {
  const declared = context.project.networks[key];
  const spec = {
    name,
    labels: { ...(declared?.labels ?? {}), ...networkLabels(context.project, key) },
    ...(declared?.driver ? { driver: declared.driver } : {}),
    ...(declared?.internal ? { internal: true } : {}),
    ...(declared?.attachable ? { attachable: true } : {}),
  };
  await inPhase("create", () => context.engine.createNetwork(spec));
}

export async function createVolume(context: RunContext, key: string, name: string): Promise<void> {
  const declared = context.project.volumes[key];
  const spec = {
    name,
    labels: { ...(declared?.labels ?? {}), ...volumeLabels(context.project, key) },
    ...(declared?.driver ? { driver: declared.driver } : {}),
    ...(declared?.driver_opts ? { driverOpts: { ...declared.driver_opts } } : {}),
  };
  await inPhase("create", () => context.engine.createVolume(spec));
}
