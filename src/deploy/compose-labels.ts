import type { Project, Service } from "../compose/model/project.js";

/**
 * The `com.docker.compose.*` labels docker compose writes, so `docker-compose ps/logs/down` see
 * berth's containers, networks and volumes as their own. (To be replaced by src/engine/labels.ts
 * once the engine layer exports them.)
 */
export const composeLabel = {
  project: "com.docker.compose.project",
  service: "com.docker.compose.service",
  number: "com.docker.compose.container-number",
  oneoff: "com.docker.compose.oneoff",
  configHash: "com.docker.compose.config-hash",
  workingDir: "com.docker.compose.project.working_dir",
  configFiles: "com.docker.compose.project.config_files",
  version: "com.docker.compose.version",
  image: "com.docker.compose.image",
  dependsOn: "com.docker.compose.depends_on",
  network: "com.docker.compose.network",
  volume: "com.docker.compose.volume",
} as const;

/** The compose version berth writes: the v1 format docker-compose 1.29 reads without complaint. */
export const composeVersion = "1.29.2";

export function containerLabels(project: Project, service: Service, number: number, configHash: string, imageId?: string): Record<string, string> {
  const dependsOn = Object.entries(service.depends_on ?? {}).map(([name, d]) => `${name}:${d.condition}:${d.restart ? "true" : "false"}`);
  const labels: Record<string, string> = {
    [composeLabel.project]: project.name,
    [composeLabel.service]: service.name,
    [composeLabel.number]: String(number),
    [composeLabel.oneoff]: "False",
    [composeLabel.configHash]: configHash,
    [composeLabel.workingDir]: project.meta.workingDir,
    [composeLabel.configFiles]: project.meta.composeFiles.join(","),
    [composeLabel.version]: composeVersion,
    [composeLabel.dependsOn]: dependsOn.join(","),
  };
  if (imageId) labels[composeLabel.image] = imageId;
  return labels;
}

export function networkLabels(project: Project, key: string): Record<string, string> {
  return { [composeLabel.project]: project.name, [composeLabel.network]: key, [composeLabel.version]: composeVersion };
}

export function volumeLabels(project: Project, key: string): Record<string, string> {
  return { [composeLabel.project]: project.name, [composeLabel.volume]: key, [composeLabel.version]: composeVersion };
}
