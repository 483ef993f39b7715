import { composeLabel } from "../engine/labels.js";
import type { Engine, RemoveContainerOptions } from "../engine/engine.js";
import { keepPreviousLogs, lastLines, previousLimits } from "./previous-logs.js";

export interface KeepLogsOptions {
  readonly stateDir: string;
  readonly project: string;
  /** The command that removes: `up`, `rollback`. */
  readonly removedBy: string;
  /** The project's redaction: nothing kept may hold a secret. */
  readonly redact: (text: string) => string;
  readonly now?: () => Date;
}

/**
 * The engine as `up` and `rollback` use it: before any container of one of the project's
 * services is removed (a rolling update's old replica, a recreate, a failed replacement), its last
 * output lines are kept in the state folder for `berth logs --previous`. Everything else passes
 * through untouched.
 */
export function keepingReplacedLogs(engine: Engine, options: KeepLogsOptions): Engine {
  return new Proxy(engine, {
    get(target, property, receiver) {
      if (property === "removeContainer") {
        return async (idOrName: string, removeOptions?: RemoveContainerOptions) => {
          await keepLogsOf(target, idOrName, options);
          return target.removeContainer(idOrName, removeOptions);
        };
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/**
 * Keeps the container's last lines when it is a service container of the project (not a one-off,
 * not a helper). Never fails: a container that vanished or a full disk must not stop a deployment.
 */
export async function keepLogsOf(engine: Engine, idOrName: string, options: KeepLogsOptions): Promise<boolean> {
  try {
    const details = await engine.inspectContainer(idOrName);
    const labels = details?.Config.Labels ?? {};
    const service = labels[composeLabel.service];
    if (!details || service === undefined || labels[composeLabel.project] !== options.project || (labels[composeLabel.oneoff] ?? "").toLowerCase() === "true") return false;
    const chunks = await engine.readLogs(details.Id, { tail: previousLimits.linesPerContainer + 1, timestamps: true });
    const { lines, truncated } = lastLines(options.redact(chunks.map((chunk) => chunk.text).join("")));
    await keepPreviousLogs(options.stateDir, {
      service,
      number: Number(labels[composeLabel.number] ?? "1"),
      id: details.Id.slice(0, 12),
      // A replaced replica is renamed `<short id>_<name>` before it goes; its own name is the one users know.
      name: details.Name.replace(/^\//, "").replace(`${details.Id.slice(0, 12)}_`, ""),
      image: details.Config.Image,
      imageId: details.Image.replace(/^sha256:/, "").slice(0, 12),
      startedAt: details.State.StartedAt,
      removedAt: (options.now?.() ?? new Date()).toISOString(),
      removedBy: options.removedBy,
      lines,
      truncated,
    });
    return true;
  } catch {
    return false;
  }
}
