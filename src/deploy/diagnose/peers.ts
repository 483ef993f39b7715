import { datastoreOf } from "../../check/knowledge/service-kinds.js";
import type { ContainerDetails, Engine } from "../engine-port.js";
import type { Peer } from "./diagnosis.js";

const projectLabel = "com.docker.compose.project";
const serviceLabel = "com.docker.compose.service";

/**
 * The other services of the failed container's project, as the engine runs them: names and
 * aliases (to suggest one for a host that does not resolve), addresses, readiness, and with
 * `datastores`, each datastore's named volumes with their creation time and its log tail.
 */
export async function gatherPeers(engine: Engine, self: ContainerDetails, options: { datastores: boolean }): Promise<Peer[]> {
  const project = self.Config.Labels[projectLabel];
  if (!project) return [];
  const rows = await engine.listContainers({ labels: { [projectLabel]: project } });
  const others = rows.filter((row) => row.id !== self.Id && row.labels[serviceLabel] && row.labels["com.docker.compose.oneoff"] !== "True");
  const peers = await Promise.all(others.map((row) => peerOf(engine, row.id, options)));
  return peers.filter((p): p is Peer => p !== undefined).sort((a, b) => a.service.localeCompare(b.service));
}

async function peerOf(engine: Engine, id: string, options: { datastores: boolean }): Promise<Peer | undefined> {
  const details = await engine.inspectContainer(id);
  const service = details?.Config.Labels[serviceLabel];
  if (!details || !service) return undefined;
  const endpoints = Object.values(details.NetworkSettings.Networks);
  const base: Peer = {
    service,
    image: details.Config.Image,
    state: details.State.Status,
    health: details.State.Health?.Status ?? "none",
    aliases: [...new Set(endpoints.flatMap((e) => e.Aliases ?? []).filter((a) => a !== service && !details.Id.startsWith(a)))],
    addresses: endpoints.map((e) => e.IPAddress).filter((a) => a !== ""),
    createdAt: details.Created,
  };
  if (!options.datastores || datastoreOf(details.Config.Image) === undefined) return base;
  const volumes = await Promise.all(
    details.Mounts.filter((m) => m.Type === "volume" && m.Name).map(async (m) => ({ name: m.Name!, destination: m.Destination, createdAt: (await engine.inspectVolume(m.Name!).catch(() => undefined))?.CreatedAt ?? null })),
  );
  const logs = await engine.readLogs(id, { tail: 200 }).catch(() => []);
  return { ...base, volumes, logTail: logs.map((chunk) => chunk.text).join("") };
}
