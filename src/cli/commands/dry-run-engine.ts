import type { Engine } from "../../engine/engine.js";

/** The Engine calls that change something on the engine; a dry run answers them without calling. */
const changing = new Set<keyof Engine>([
  "createContainer",
  "startContainer",
  "stopContainer",
  "restartContainer",
  "killContainer",
  "removeContainer",
  "renameContainer",
  "connectNetwork",
  "disconnectNetwork",
  "buildImage",
  "removeImage",
  "pullImage",
  "createNetwork",
  "removeNetwork",
  "createVolume",
  "removeVolume",
  "exec",
]);

/**
 * The engine as a dry run sees it: every read goes through (lists, inspects), every change is
 * recorded in `changes` (`removeVolume shop_data`) and not made. `down --dry-run` runs the real
 * `takeDown` on it, so what it prints is what `down` would remove, found the same way.
 */
export function dryRunEngine(engine: Engine): { engine: Engine; changes: string[] } {
  const changes: string[] = [];
  const proxy = new Proxy(engine, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== "function") return value;
      if (!changing.has(property as keyof Engine)) return (value as (...args: unknown[]) => unknown).bind(target);
      return (...args: unknown[]) => {
        changes.push(`${String(property)} ${typeof args[0] === "string" ? args[0] : JSON.stringify(args[0])}`);
        return Promise.resolve(undefined);
      };
    },
  });
  return { engine: proxy, changes };
}
