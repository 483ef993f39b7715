import { setTimeout as delay } from "node:timers/promises";
import { UsageError } from "../../common/errors.js";
import { projectStateDir } from "../../deploy/state-dir.js";
import { recordEvent } from "../../release/record-event.js";
import { takeRunLock } from "../../runs/run-lock.js";
import { removeStack, type StackRemoval } from "../../swarm/remove-stack.js";
import type { SwarmPort } from "../../swarm/swarm-port.js";
import type { CliIO } from "../io.js";

/**
 * `berth down` on a Swarm manager: removes the stack (services, networks, secrets, configs; with
 * -v the volumes the manager's own node holds) under the project lock, records it in history, and
 * names the volumes left on other nodes and how to remove them there.
 */
export async function runSwarmDown(project: string, port: SwarmPort, raw: Record<string, unknown>, io: CliIO): Promise<number> {
  if (raw["rmi"] !== undefined) throw new UsageError("--rmi: not supported by berth's Swarm target (images live on each node)", { hint: "remove images on each node with docker -H NODE image rm" });
  if (raw["dryRun"] === true) {
    const services = await port.services(project);
    io.stdout.write(services.map((service) => `would remove service ${service.Spec.Name}\n`).join("") + `${project}: dry run on the Swarm manager, nothing removed (${services.length} service(s) would be, with the stack's networks, secrets and configs)\n`);
    return 0;
  }
  const stateDir = projectStateDir(project, io.env);
  const lock = await takeRunLock({ stateDir, signal: io.signal, onWait: (holder) => io.stderr.write(`waiting for another berth (${holder}) working on ${project}\n`) });
  try {
    const removal = await removeStack(port, project, { volumes: raw["volumes"] === true, sleep: (ms) => delay(ms), networkRetries: 30 });
    const note = removalNote(removal);
    if (removal.services.length + removal.networks.length + removal.secrets.length + removal.configs.length + removal.volumes.length > 0) await recordEvent(stateDir, { project, command: "down", ok: removal.leftNetworks.length === 0, note, ...(removal.leftNetworks.length > 0 ? { failure: `networks still in use: ${removal.leftNetworks.join(", ")}` } : {}) });
    if (raw["quiet"] !== true || removal.leftNetworks.length > 0) io.stdout.write(renderRemoval(project, removal));
    return removal.leftNetworks.length > 0 ? 1 : 0;
  } finally {
    await lock.release();
  }
}

/** Counts per kind, as `berth history` shows a down. */
export function removalNote(removal: StackRemoval): string {
  const parts = (["services", "networks", "secrets", "configs", "volumes"] as const).filter((kind) => removal[kind].length > 0).map((kind) => `${removal[kind].length} ${removal[kind].length === 1 ? kind.slice(0, -1) : kind}`);
  return parts.length > 0 ? `removed ${parts.join(", ")} (swarm)` : "nothing to remove (swarm)";
}

export function renderRemoval(project: string, removal: StackRemoval): string {
  const lines = [`${project}: removed ${removal.services.length} service(s), ${removal.networks.length} network(s), ${removal.secrets.length} secret(s), ${removal.configs.length} config(s), ${removal.volumes.length} volume(s)`];
  for (const name of removal.leftNetworks) lines.push(`network ${name} is still in use and was not removed: run down again once its tasks have stopped`);
  for (const volume of removal.volumesElsewhere) lines.push(`volume ${volume.name} is on ${volume.nodes.join(", ")}: the manager cannot remove it there; on each: docker -H NODE volume rm ${volume.name}`);
  return `${lines.join("\n")}\n`;
}
