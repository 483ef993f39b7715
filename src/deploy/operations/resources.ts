import { networkLabels, volumeLabels } from "../../engine/labels.js";
import type { Network } from "../../compose/model/project.js";
import type { NetworkCreateRequest } from "../../engine/types/resource.js";
import { inPhase, type RunContext } from "./run-context.js";

export async function createNetwork(context: RunContext, key: string, name: string): Promise<void> {
  const declared = context.project.networks[key];
  const spec = {
    name,
    labels: { ...(declared?.labels ?? {}), ...networkLabels(context.project, key) },
    ...(declared?.driver ? { driver: declared.driver } : {}),
    ...(declared?.internal ? { internal: true } : {}),
    ...(declared?.attachable ? { attachable: true } : {}),
    ...(declared?.enable_ipv6 ? { enableIPv6: true } : {}),
    ...(declared?.driver_opts ? { driverOptions: { ...declared.driver_opts } } : {}),
    ...(declared?.ipam ? { ipam: ipamOf(declared.ipam) } : {}),
  };
  await inPhase("create", () => context.engine.createNetwork(spec));
}

export async function createVolume(context: RunContext, key: string, name: string): Promise<void> {
  const declared = context.project.volumes[key];
  const spec = {
    name,
    labels: { ...(declared?.labels ?? {}), ...volumeLabels(context.project, key) },
    ...(declared?.driver ? { driver: declared.driver } : {}),
    ...(declared?.driver_opts ? { driverOptions: { ...declared.driver_opts } } : {}),
  };
  await inPhase("create", () => context.engine.createVolume(spec));
}

/** compose's `ipam` (`subnet`, `gateway`, `ip_range` per config entry) as the engine request names it. */
function ipamOf(ipam: NonNullable<Network["ipam"]>): NonNullable<NetworkCreateRequest["ipam"]> {
  const text = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);
  const config = (ipam.config ?? []).map((entry) => {
    const [subnet, gateway, ipRange] = [text(entry["subnet"]), text(entry["gateway"]), text(entry["ip_range"])];
    return { ...(subnet ? { subnet } : {}), ...(gateway ? { gateway } : {}), ...(ipRange ? { ipRange } : {}) };
  });
  return { ...(ipam.driver ? { driver: ipam.driver } : {}), config };
}
