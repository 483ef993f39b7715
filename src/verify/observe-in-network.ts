import { randomBytes } from "node:crypto";
import type { Engine } from "../engine/engine.js";
import { berthLabel } from "../engine/labels.js";
import { observerScript } from "./observer-script.js";
import { parseObservations, type Observer } from "./observe.js";

/** The image the throwaway observer container runs; any image with `node` on its PATH works. */
export const defaultObserverImage = "node:20-bookworm-slim";

/** Label on observer containers, so a crashed run's leftovers can be found and removed. */
export const observerLabel = berthLabel.helperOf;

export interface NetworkObserverOptions {
  readonly engine: Engine;
  readonly project: string;
  /** The engine's name of the network (`shop_default`). */
  readonly network: string;
  readonly image?: string;
  readonly signal?: AbortSignal;
}

/**
 * Observes from inside the project network: one short-lived container per batch, attached to the
 * network, runs the observer script and is removed. Nothing needs a published port.
 */
export function observeInNetwork(options: NetworkObserverOptions): Observer {
  return async (requests) => {
    if (requests.length === 0) return [];
    const id = await createObserver(options, JSON.stringify(requests));
    try {
      await options.engine.startContainer(id);
      const deadline = AbortSignal.timeout(Math.max(...requests.map((r) => r.timeoutMs)) + 15_000);
      await options.engine.waitContainer(id, "not-running", options.signal ? AbortSignal.any([deadline, options.signal]) : deadline);
      const logs = await options.engine.readLogs(id);
      const stdout = logs.filter((chunk) => chunk.stream === "stdout").map((chunk) => chunk.text).join("");
      if (stdout.trim() === "") throw new Error(`the observer container printed nothing: ${logs.map((c) => c.text).join("").slice(0, 500)}`);
      return parseObservations(stdout, requests);
    } finally {
      await options.engine.removeContainer(id, { force: true }).catch(() => undefined);
    }
  };
}

function createObserver(options: NetworkObserverOptions, requests: string): Promise<string> {
  return options.engine.createContainer({
    name: `${options.project}-berth-verify-${randomBytes(4).toString("hex")}`,
    Image: options.image ?? defaultObserverImage,
    Cmd: ["node", "-e", observerScript, requests],
    Entrypoint: [],
    Labels: { [berthLabel.managed]: "true", [observerLabel]: options.project },
    HostConfig: { NetworkMode: options.network, AutoRemove: false },
    NetworkingConfig: { EndpointsConfig: { [options.network]: {} } },
  });
}
