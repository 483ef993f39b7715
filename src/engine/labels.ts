import type { Project, Service } from "../compose/model/project.js";

/**
 * The `com.docker.compose.*` labels docker compose writes on what it creates. berth writes the
 * same ones, so `docker compose ps/logs/down` (and docker-compose 1.29) see berth's containers,
 * networks and volumes as their own, and berth finds theirs.
 */
export const composeLabel = {
  project: "com.docker.compose.project",
  service: "com.docker.compose.service",
  number: "com.docker.compose.container-number",
  oneoff: "com.docker.compose.oneoff",
  configHash: "com.docker.compose.config-hash",
  workingDir: "com.docker.compose.project.working_dir",
  configFiles: "com.docker.compose.project.config_files",
  environmentFile: "com.docker.compose.project.environment_file",
  version: "com.docker.compose.version",
  image: "com.docker.compose.image",
  dependsOn: "com.docker.compose.depends_on",
  network: "com.docker.compose.network",
  volume: "com.docker.compose.volume",
} as const;

/** berth's own labels, on top of compose's. */
export const berthLabel = {
  /** `true` on everything berth created. */
  managed: "io.berth.managed",
  /** The id of the `up`/rollout run that created the container (links it to the journal). */
  run: "io.berth.run",
  /** `candidate` while a start-first replacement is not yet promoted. */
  role: "io.berth.role",
  /** `true` on the harness's local stand-ins of official images (never on a real one). */
  standIn: "io.berth.stand-in",
  /**
   * The service's `image:` as the container was created with it: a later tag that names the same
   * image id, with nothing else changed, keeps the container (plan/reconcile.ts).
   */
  imageRef: "io.berth.image-ref",
  /**
   * The project a helper container of berth's own works for (verify observers, rollout gate
   * observers, the address keeper): not a service's container, found by this label to be removed.
   */
  helperOf: "io.berth.verify-observer",
} as const;

/**
 * The compose version written in `com.docker.compose.version`. docker-compose 1.29 (the only
 * compose on our machines) reads the labels of either major version; we claim the one it knows.
 */
export const composeVersion = "1.29.2";

/** Inputs for a container's labels that are not in the project model. */
export interface ContainerLabelInputs {
  readonly number: number;
  readonly configHash: string;
  /** The image id the container runs, so a rebuilt image is seen as a change. */
  readonly imageId?: string;
  readonly oneoff?: boolean;
  readonly run?: string;
}

/** The labels of one service container, as docker compose writes them plus berth's. */
export function containerLabels(
  project: Project,
  service: Service,
  inputs: ContainerLabelInputs,
): Record<string, string> {
  const labels: Record<string, string> = {
    ...projectLabels(project),
    [composeLabel.service]: service.name,
    [composeLabel.number]: String(inputs.number),
    // Compose writes Python-style booleans here; its readers compare the text.
    [composeLabel.oneoff]: inputs.oneoff === true ? "True" : "False",
    [composeLabel.configHash]: inputs.configHash,
    [composeLabel.workingDir]: project.meta.workingDir,
    [composeLabel.configFiles]: project.meta.composeFiles.join(","),
    [composeLabel.dependsOn]: dependsOnLabel(service),
  };
  if (project.meta.envFiles.length > 0)
    labels[composeLabel.environmentFile] = project.meta.envFiles.join(",");
  if (inputs.imageId !== undefined) labels[composeLabel.image] = inputs.imageId;
  if (service.image !== undefined) labels[berthLabel.imageRef] = service.image;
  if (inputs.run !== undefined) labels[berthLabel.run] = inputs.run;
  return labels;
}

/** `db:service_healthy:false,cache:service_started:true`: service, condition, restart. */
export function dependsOnLabel(service: Service): string {
  return Object.entries(service.depends_on ?? {})
    .map(
      ([name, dependency]) =>
        `${name}:${dependency.condition}:${dependency.restart === true ? "true" : "false"}`,
    )
    .sort()
    .join(",");
}

export function networkLabels(project: Project, key: string): Record<string, string> {
  return { ...projectLabels(project), [composeLabel.network]: key };
}

export function volumeLabels(project: Project, key: string): Record<string, string> {
  return { ...projectLabels(project), [composeLabel.volume]: key };
}

function projectLabels(project: Project): Record<string, string> {
  return {
    [composeLabel.project]: project.name,
    [composeLabel.version]: composeVersion,
    [berthLabel.managed]: "true",
  };
}

/** The label filter that finds everything of one project (compose's own or berth's). */
export function projectFilter(projectName: string): Record<string, string> {
  return { [composeLabel.project]: projectName };
}
