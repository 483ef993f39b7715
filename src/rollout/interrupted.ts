import { removeLeftoverObservers } from "./standing-observer.js";
import type { Project } from "../compose/model/project.js";
import type { Engine } from "../deploy/engine-port.js";
import type { ObservedContainer, ObservedState } from "../plan/observed-state.js";
import { discard } from "./replica-ops.js";

/**
 * What the next `up` does with one replica's containers left by a rollout that stopped midway
 * (a killed berth): one container stays under the replica's usual name, the others go.
 */
export interface Recovery {
  readonly service: string;
  /** The replica's usual name (`shop-api-1`). */
  readonly home: string;
  /** The container that stays; renamed to `home` when it has another name. */
  readonly keep: ObservedContainer;
  readonly remove: readonly ObservedContainer[];
  readonly why: string;
}

const retiredPrefix = /^[0-9a-f]{12}_/;

/** The usual name of a successor (`<name>_next`) or a retired replica (`<id>_<name>`). */
export function homeNameOf(name: string): string | undefined {
  if (name.endsWith("_next")) return name.slice(0, -"_next".length);
  return retiredPrefix.test(name) ? name.slice(13) : undefined;
}

/**
 * Pure: one recovery per replica that has a successor or a retired container beside it.
 *
 * Which one stays, and why it is safe: while the usual container still runs, it is the old
 * version that served throughout, and the successor may have been killed before it passed its
 * gate probes or its settle period: it goes, and this `up` rolls again from the start (adopting
 * it would skip that proof). Once the usual container is stopped or gone, the rollout was past
 * its gate (the old one is retired only after the successor is proven): a running successor
 * takes over; with none running, the old one takes its name back and `up` starts it.
 */
export function planRecovery(observed: ObservedState): Recovery[] {
  const own = observed.containers.filter((c) => !c.oneoff);
  const homes = [...new Set(own.flatMap((c) => homeNameOf(c.name) ?? []))].sort();
  return homes.map((home) => recoveryOf(home, own.filter((c) => c.name === home || homeNameOf(c.name) === home)));
}

/** Pure: the state `up` plans from once the recoveries are done (for `--dry-run`). */
export function afterRecovery(observed: ObservedState, recoveries: readonly Recovery[] = planRecovery(observed)): ObservedState {
  const removed = new Set(recoveries.flatMap((r) => r.remove.map((c) => c.id)));
  const renamed = new Map(recoveries.map((r) => [r.keep.id, r.home]));
  const containers = observed.containers.filter((c) => !removed.has(c.id)).map((c) => ({ ...c, name: renamed.get(c.id) ?? c.name }));
  return { ...observed, containers };
}

function recoveryOf(home: string, group: readonly ObservedContainer[]): Recovery {
  const ranked = [...group].sort((a, b) => rank(a, home) - rank(b, home));
  const keep = ranked[0] as ObservedContainer;
  return { service: keep.service, home, keep, remove: ranked.slice(1), why: reasonFor(keep, home) };
}

/**
 * Running before stopped. Running: the usual container, then the successor (proven before the
 * old one was retired). Stopped: the usual container, then the old one (the last proven version).
 */
function rank(container: ObservedContainer, home: string): number {
  const running = container.status === "running";
  const successor = container.name.endsWith("_next");
  const role = container.name === home ? 0 : successor === running ? 1 : 2;
  return (running ? 0 : 3) + role;
}

function reasonFor(keep: ObservedContainer, home: string): string {
  if (keep.name === home && keep.status === "running") return "the old container kept serving; the unproven successor goes and the rollout starts over";
  if (keep.name === home) return "the usual container stays and this up converges it";
  if (keep.status === "running") return "the old container was already retired after the successor was proven: the successor takes over";
  return "no container of the replica runs: the old one takes its name back";
}

/** One line per recovery, for `--dry-run` and progress output. */
export function describeRecovery(recovery: Recovery): string {
  const removed = recovery.remove.map((c) => `remove ${c.name}`);
  const renamed = recovery.keep.name === recovery.home ? [] : [`rename ${recovery.keep.name} to ${recovery.home}`];
  return `left by an interrupted rollout: ${[...removed, ...renamed].join(", ")} (${recovery.why})`;
}

/**
 * Before `up` plans: converges what an interrupted rollout left, so the plan sees one container
 * per replica again. Removed containers get their stop grace period (one may be serving).
 */
export async function recoverInterrupted(engine: Engine, project: Project, observed: ObservedState, onStep?: (service: string, message: string) => void): Promise<Recovery[]> {
  const recoveries = planRecovery(observed);
  // A gate probe observer of a killed rollout goes too: it would hold the project's network.
  for (const name of await removeLeftoverObservers(engine, project.name)) onStep?.("berth", `removed ${name}, a gate probe observer left by an interrupted rollout`);
  for (const recovery of recoveries) {
    onStep?.(recovery.service, describeRecovery(recovery));
    const service = project.services[recovery.service];
    for (const container of recovery.remove) {
      if (service) await discard(engine, service, container.id);
      else await engine.removeContainer(container.id, { force: true }).catch(() => undefined);
    }
    if (recovery.keep.name !== recovery.home) await engine.renameContainer(recovery.keep.id, recovery.home);
  }
  return recoveries;
}
