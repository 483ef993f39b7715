import type { Project } from "../model/project.js";

/**
 * Drops networks, volumes, secrets and configs no enabled service uses, as docker compose
 * does before printing or creating anything (`WithoutUnnecessaryResources`).
 */
export function withoutUnusedResources(project: Project): Project {
  const used = { networks: new Set<string>(), volumes: new Set<string>(), secrets: new Set<string>(), configs: new Set<string>() };
  for (const service of Object.values(project.services)) {
    for (const network of Object.keys(service.networks ?? {})) used.networks.add(network);
    for (const mount of service.volumes ?? []) if (mount.type === "volume" && mount.source) used.volumes.add(mount.source);
    for (const ref of service.secrets ?? []) used.secrets.add(ref.source);
    // A secret only a build mounts is used too (compose-go keeps `build.secrets`).
    for (const ref of (service.build?.["secrets"] as readonly { source: string }[] | undefined) ?? []) used.secrets.add(ref.source);
    for (const ref of service.configs ?? []) used.configs.add(ref.source);
  }
  const keep = <T>(entries: Readonly<Record<string, T>>, names: Set<string>) =>
    Object.fromEntries(Object.entries(entries).filter(([name]) => names.has(name)));
  return {
    ...project,
    networks: keep(project.networks, used.networks),
    volumes: keep(project.volumes, used.volumes),
    secrets: keep(project.secrets, used.secrets),
    configs: keep(project.configs, used.configs),
  };
}
