import { randomBytes } from "node:crypto";
import type { Engine, ExecResult } from "../engine/engine.js";
import { berthLabel } from "../engine/labels.js";
import { observerLabel } from "./observe-in-network.js";

/** A command to run once in a throwaway container on the manager, attached to one of the stack's overlay networks. */
export interface OneShot {
  readonly image: string;
  /** The engine's name of the (attachable) overlay network: `shop_data`. */
  readonly network: string;
  readonly command: readonly string[];
  /** Passwords go here (PGPASSWORD, REDISCLI_AUTH), never on the command line. */
  readonly env: readonly string[];
  readonly timeoutMs: number;
}

/** Time a container on an overlay network may take to be created and started, on top of its command's timeout. */
const startBudgetMs = 20_000;

/**
 * Runs the command as a task on the stack's network would: a container on the manager, attached
 * to the overlay, resolving services by name (dnsrr). The answer has the shape of an exec's, so
 * the one-host judges read it. The container is removed whatever happens.
 */
export async function runOneShot(engine: Engine, project: string, shot: OneShot, signal?: AbortSignal): Promise<ExecResult> {
  const started = Date.now();
  const id = await engine.createContainer({
    name: `${project}-berth-verify-${randomBytes(4).toString("hex")}`,
    Image: shot.image,
    Cmd: [...shot.command],
    Entrypoint: [],
    Env: [...shot.env],
    Labels: { [berthLabel.managed]: "true", [observerLabel]: project },
    HostConfig: { NetworkMode: shot.network, AutoRemove: false },
    NetworkingConfig: { EndpointsConfig: { [shot.network]: {} } },
  });
  try {
    await engine.startContainer(id);
    const deadline = AbortSignal.timeout(shot.timeoutMs + startBudgetMs);
    const waited = await engine.waitContainer(id, "not-running", signal ? AbortSignal.any([deadline, signal]) : deadline).catch((error: unknown) => {
      if (deadline.aborted) return undefined;
      throw error;
    });
    const logs = await engine.readLogs(id);
    const text = (stream: "stdout" | "stderr") => logs.filter((chunk) => chunk.stream === stream).map((chunk) => chunk.text).join("");
    return { exitCode: waited?.exitCode ?? -1, stdout: text("stdout"), stderr: text("stderr"), output: logs.map((chunk) => chunk.text).join(""), timedOut: waited === undefined, durationMs: Date.now() - started };
  } finally {
    await engine.removeContainer(id, { force: true }).catch(() => undefined);
  }
}
