import type { Service } from "../../compose/model/project.js";
import type { ContainerRow } from "../../deploy/list-containers.js";

export interface OneOffOptions {
  /** The command; empty keeps the service's. */
  readonly command: readonly string[];
  /** `KEY=VALUE` pairs, over the service's environment. */
  readonly env: readonly string[];
  readonly entrypoint?: string;
  readonly user?: string;
  readonly workdir?: string;
}

/**
 * The service as `berth run` starts it: the given command, entrypoint, user, working directory and
 * variables over the service's own, and no restart policy (a one-off ends).
 */
export function oneOffService(service: Service, options: OneOffOptions): Service {
  const environment: Record<string, string | null> = { ...(service.environment ?? {}) };
  for (const pair of options.env) {
    const at = pair.indexOf("=");
    environment[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return {
    ...service,
    environment,
    restart: "no",
    command: options.command.length > 0 ? [...options.command] : service.command,
    // An empty --entrypoint "" clears the image's entrypoint, as in compose.
    ...(options.entrypoint !== undefined ? { entrypoint: options.entrypoint === "" ? [] : [options.entrypoint] } : {}),
    ...(options.user !== undefined ? { user: options.user } : {}),
    ...(options.workdir !== undefined ? { working_dir: options.workdir } : {}),
  };
}

/**
 * The dependencies of a service that are not up as their `depends_on` condition asks: running
 * (and healthy for `service_healthy`), or exited 0 for `service_completed_successfully`.
 */
export function unreadyDependencies(service: Service, rows: readonly ContainerRow[]): string[] {
  return Object.entries(service.depends_on ?? {})
    .filter(([name, dependency]) => {
      if (dependency.required === false) return false;
      const replicas = rows.filter((row) => row.service === name);
      if (replicas.length === 0) return true;
      if (dependency.condition === "service_completed_successfully") return !replicas.some((row) => row.state === "exited" && row.exitCode === 0);
      if (dependency.condition === "service_healthy") return !replicas.some((row) => row.state === "running" && row.health !== "unhealthy" && row.health !== "starting");
      return !replicas.some((row) => row.state === "running");
    })
    .map(([name]) => name)
    .sort();
}
