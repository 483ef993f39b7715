import type { LoadWarning, Project, ProjectMeta, Service } from "../model/project.js";
import type { PathSourceMap } from "../source-map.js";
import { isTree, type Tree } from "./parse.js";

export interface ProjectSources {
  readonly name: string;
  readonly workingDir: string;
  readonly composeFiles: readonly string[];
  readonly envFiles: readonly string[];
  readonly environment: Readonly<Record<string, string>>;
  readonly sourceMap: PathSourceMap;
  readonly warnings: readonly LoadWarning[];
}

/**
 * The normalized tree as the typed model. The tree already has the model's shape (the
 * normalize stage made it so); this step adds service names and `meta`, and sorts top-level
 * `x-*` keys out as extensions. Profiles are applied afterwards.
 */
export function toProject(tree: Tree, sources: ProjectSources): Project {
  const services: Record<string, Service> = {};
  for (const [name, raw] of Object.entries(section(tree, "services"))) {
    const service = raw as Tree;
    // The model promises command/entrypoint: null when unset, as compose prints them.
    services[name] = { ...service, command: service["command"] ?? null, entrypoint: service["entrypoint"] ?? null, name } as unknown as Service;
  }
  const meta: ProjectMeta = {
    workingDir: sources.workingDir,
    composeFiles: sources.composeFiles,
    envFiles: sources.envFiles,
    environment: sources.environment,
    activeProfiles: [],
    disabledServices: {},
    sourceMap: sources.sourceMap,
    warnings: sources.warnings,
  };
  return {
    name: sources.name,
    services,
    networks: section(tree, "networks") as Project["networks"],
    volumes: section(tree, "volumes") as Project["volumes"],
    secrets: section(tree, "secrets") as Project["secrets"],
    configs: section(tree, "configs") as Project["configs"],
    extensions: Object.fromEntries(Object.entries(tree).filter(([key]) => key.startsWith("x-"))),
    meta,
  };
}

function section(tree: Tree, key: string): Tree {
  return isTree(tree[key]) ? tree[key] : {};
}
