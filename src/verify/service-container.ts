import type { ContainerDetails, Engine } from "../engine/engine.js";
import { composeLabel } from "../engine/labels.js";

/** What probes that act in a service's container need. */
export interface EngineProbeContext {
  readonly engine: Engine;
  readonly projectName: string;
  readonly signal?: AbortSignal;
}

/** The service's first replica, running ones preferred; undefined when it has no container. */
export async function findServiceContainer(context: EngineProbeContext, service: string): Promise<ContainerDetails | undefined> {
  const candidates = await context.engine.listContainers({ labels: { [composeLabel.project]: context.projectName, [composeLabel.service]: service } });
  const own = candidates.filter((c) => (c.labels[composeLabel.oneoff] ?? "False").toLowerCase() !== "true");
  const chosen = own.find((c) => c.state === "running") ?? own[0];
  return chosen === undefined ? undefined : context.engine.inspectContainer(chosen.id);
}

/** The container's environment as a record (`KEY=value` lines split at the first `=`). */
export function containerEnv(details: ContainerDetails): Record<string, string> {
  return Object.fromEntries(details.Config.Env.map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]));
}

export function notRunningFailure(service: string, details: ContainerDetails | undefined): string {
  if (details === undefined) return `service ${service} has no container: run berth up first`;
  return `service ${service} is not running (state ${details.State.Status}, exit code ${details.State.ExitCode})`;
}
