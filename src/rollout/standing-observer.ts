import { randomBytes } from "node:crypto";
import type { Engine } from "../deploy/engine-port.js";
import { berthLabel } from "../engine/labels.js";
import { defaultObserverImage, observerLabel } from "../verify/observe-in-network.js";
import { parseObservations, type Observer } from "../verify/observe.js";
import { observerScript } from "../verify/observer-script.js";

/** The longest a standing observer lives if berth dies before removing it (the engine then removes it). */
export const standingLifetimeMs = 3_600_000;

export interface StandingObserverOptions {
  readonly engine: Engine;
  readonly project: string;
  /** The engine's name of the network (`shop_default`). */
  readonly network: string;
  readonly image?: string;
}

/** An observer container that stays up for a whole rollout: each observation is an exec in it. */
export interface StandingObserver {
  readonly observe: Observer;
  /** Removes the container (it may already be gone). */
  close(): Promise<void>;
}

/**
 * Starts one observer container on the network at once, so it is up by the time a successor is
 * healthy (the rollout starts it beside the successor's create and start). Each observation runs
 * the observer script with `exec` in it: the same script, the same network, the same address the
 * throwaway observer of `berth verify` would use, without a container create, start, wait and
 * removal per probe. It sleeps otherwise, is removed by the engine when it exits and exits on its
 * own after {@link standingLifetimeMs}, so a berth killed meanwhile leaves nothing behind for long.
 */
export function standingObserver(options: StandingObserverOptions): StandingObserver {
  const started = startObserver(options);
  // A failed start is reported by the first observation, never as an unhandled rejection.
  started.catch(() => undefined);
  return {
    observe: async (requests) => {
      if (requests.length === 0) return [];
      const id = await started;
      const timeoutMs = Math.max(...requests.map((r) => r.timeoutMs)) + 15_000;
      const result = await options.engine.exec(id, { command: ["node", "-e", observerScript, JSON.stringify(requests)], timeoutMs });
      if (result.timedOut) throw new Error(`the observer container did not answer within ${timeoutMs} ms`);
      if (result.stdout.trim() === "") throw new Error(`the observer container printed nothing (exit ${result.exitCode}): ${result.output.slice(0, 500)}`);
      return parseObservations(result.stdout, requests);
    },
    close: async () => {
      const id = await started.catch(() => undefined);
      if (id) await options.engine.removeContainer(id, { force: true }).catch(() => undefined);
    },
  };
}

/** The name prefix of a project's standing observers (a `berth verify` observer is `-berth-verify-`). */
const namePrefix = (project: string) => `${project}-berth-gate-`;

/**
 * Removes the standing observers a killed berth left (they would otherwise run for up to an hour
 * and keep the project's network in use). Only under the project lock, where no rollout of the
 * project runs: `up` calls it while it recovers from an interrupted rollout. Returns their names.
 */
export async function removeLeftoverObservers(engine: Engine, project: string): Promise<string[]> {
  const labelled = await engine.listContainers({ labels: { [observerLabel]: project }, includeStopped: true });
  const left = labelled.filter((c) => c.name.startsWith(namePrefix(project)));
  await Promise.all(left.map((c) => engine.removeContainer(c.id, { force: true }).catch(() => undefined)));
  return left.map((c) => c.name);
}

async function startObserver(options: StandingObserverOptions): Promise<string> {
  const id = await options.engine.createContainer({
    name: `${namePrefix(options.project)}${randomBytes(4).toString("hex")}`,
    Image: options.image ?? defaultObserverImage,
    Cmd: ["node", "-e", `setTimeout(() => {}, ${standingLifetimeMs})`],
    Entrypoint: [],
    Labels: { [berthLabel.managed]: "true", [observerLabel]: options.project },
    HostConfig: { NetworkMode: options.network, AutoRemove: true },
    NetworkingConfig: { EndpointsConfig: { [options.network]: {} } },
  });
  try {
    await options.engine.startContainer(id);
  } catch (error) {
    await options.engine.removeContainer(id, { force: true }).catch(() => undefined);
    throw error;
  }
  return id;
}
