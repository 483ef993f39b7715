import { randomBytes } from "node:crypto";
import type { Engine } from "../deploy/engine-port.js";
import { berthLabel } from "../engine/labels.js";
import { defaultObserverImage, observerLabel } from "../verify/observe-in-network.js";

/**
 * Keeps a stopped replica's addresses answering "connection refused" while proxies may still
 * hold them. A proxy that caches DNS (nginx `resolver ... valid=1s`) keeps the old replica's
 * address for up to its cache time after the old one left DNS, which the engine does only when the
 * replica stops. A stopped container's address vanishes: a connect to it is never answered and
 * the proxy waits its whole connect timeout (nginx `proxy_connect_timeout`) before it tries the
 * successor. An address that refuses is retried at once. So the moment the old replica stopped,
 * a small idle container (nothing listens in it) joins the same networks without aliases: the
 * engine gives a joining container the lowest free address, which is the one just freed, so
 * connects to the old address are refused at once (the bridge driver of Docker 20.10 derives the
 * MAC from the address, so the proxies' neighbour entries stay valid). It then lingers as long as
 * the proxies cache answers and exits; the engine removes it. When it gets another address (a
 * lower one was free), it leaves that network at once: the old address vanishes as before.
 */
export interface AddressKeeper {
  /** After the old replica stopped: takes its addresses; says which it kept, for the trace. */
  take(addresses: ReadonlyMap<string, string>): Promise<string>;
  /** Removes the keeper unless it took addresses (a failed batch, nothing to keep). */
  close(): Promise<void>;
}

/** The longest a keeper lives if berth dies before it lingers and exits (up's recovery removes it sooner). */
export const keeperLifetimeSeconds = 600;

/** The name prefix shared with standing observers, so up's recovery removes a keeper a killed berth left. */
const namePrefix = (project: string) => `${project}-berth-gate-keep-`;

/**
 * Pure: the keeper's shell program. It idles; on SIGTERM (sent once it took the addresses) it
 * lingers `lingerMs`, then exits; it never outlives `lifetimeSeconds`.
 */
export function keeperScript(lingerMs: number, lifetimeSeconds: number = keeperLifetimeSeconds): string {
  const linger = (Math.ceil(lingerMs) / 1000).toFixed(3);
  return `trap 'sleep ${linger}; exit 0' TERM; sleep ${lifetimeSeconds} & wait`;
}

/**
 * Pure: which of the old addresses the keeper holds now (`kept`) and on which networks it got
 * another one (`missed`, with what it got).
 */
export function keptAddresses(old: ReadonlyMap<string, string>, keeper: ReadonlyMap<string, string>): { kept: string[]; missed: { network: string; wanted: string; got: string }[] } {
  const kept: string[] = [];
  const missed: { network: string; wanted: string; got: string }[] = [];
  for (const [network, wanted] of old) {
    const got = keeper.get(network) ?? "";
    if (got === wanted) kept.push(network);
    else missed.push({ network, wanted, got });
  }
  return { kept, missed };
}

/** A container's addresses on the given networks (those its clients reach it on). */
export async function addressesOn(engine: Engine, containerId: string, networks: ReadonlySet<string>): Promise<Map<string, string>> {
  const details = await engine.inspectContainer(containerId);
  const endpoints = Object.entries(details?.NetworkSettings.Networks ?? {});
  return new Map(endpoints.filter(([name, endpoint]) => networks.has(name) && endpoint.IPAddress !== "").map(([name, endpoint]) => [name, endpoint.IPAddress]));
}

/**
 * Starts a keeper on the engine's default bridge (so it holds no address of the project until it
 * takes one), once `lingerMs` is known: the clients' cache time (settle.ts). With no linger
 * (BERTH_ROLLOUT_SETTLE_MS=0, nothing caches) no keeper is started and `take` does nothing.
 */
export function startAddressKeeper(engine: Engine, project: string, lingerMs: Promise<number>, image: string = defaultObserverImage): AddressKeeper {
  const started = lingerMs.then((ms) => (ms > 0 ? createKeeper(engine, project, ms, image) : undefined));
  // A failed start is reported by take, never as an unhandled rejection.
  started.catch(() => undefined);
  let taken = false;
  return {
    take: async (addresses) => {
      taken = true;
      if (addresses.size === 0) return "no address to keep";
      const id = await started.catch((error: unknown) => new Error(error instanceof Error ? error.message : String(error)));
      if (id === undefined) return "no keeper (nothing caches answers)";
      if (id instanceof Error) return `no keeper: ${id.message}`;
      const { kept, missed } = await occupy(engine, id, addresses);
      if (kept.length === 0) await engine.removeContainer(id, { force: true }).catch(() => undefined);
      else await engine.killContainer(id, "SIGTERM").catch(() => undefined);
      const misses = missed.map((m) => `${m.network}: got ${m.got || "no address"}, not ${m.wanted}`);
      return [kept.length > 0 ? `kept the old address on ${kept.join(", ")}` : "kept no address", ...misses].join("; ");
    },
    close: async () => {
      if (taken) return;
      const id = await started.catch(() => undefined);
      if (id) await engine.removeContainer(id, { force: true }).catch(() => undefined);
    },
  };
}

/** Joins each network without aliases; leaves at once a network where it got another address. */
async function occupy(engine: Engine, id: string, addresses: ReadonlyMap<string, string>): Promise<ReturnType<typeof keptAddresses>> {
  await Promise.all([...addresses.keys()].map((network) => engine.connectNetwork(network, id, []).catch(() => undefined)));
  const result = keptAddresses(addresses, await addressesOn(engine, id, new Set(addresses.keys())));
  await Promise.all(result.missed.map((m) => engine.disconnectNetwork(m.network, id, true).catch(() => undefined)));
  return result;
}

async function createKeeper(engine: Engine, project: string, lingerMs: number, image: string): Promise<string> {
  const id = await engine.createContainer({
    name: `${namePrefix(project)}${randomBytes(4).toString("hex")}`,
    Image: image,
    Cmd: ["sh", "-c", keeperScript(lingerMs)],
    Entrypoint: [],
    Labels: { [berthLabel.managed]: "true", [observerLabel]: project },
    HostConfig: { NetworkMode: "bridge", AutoRemove: true },
  });
  try {
    await engine.startContainer(id);
  } catch (error) {
    await engine.removeContainer(id, { force: true }).catch(() => undefined);
    throw error;
  }
  return id;
}
