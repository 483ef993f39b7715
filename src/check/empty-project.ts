import type { Project } from "../compose/model/project.js";

/** The project rules see when the compose files could not be loaded: nothing but its place. */
export function emptyProject(workingDir: string, composeFiles: readonly string[]): Project {
  return {
    name: "",
    services: {},
    networks: {},
    volumes: {},
    secrets: {},
    configs: {},
    extensions: {},
    meta: {
      workingDir,
      composeFiles,
      envFiles: [],
      environment: {},
      activeProfiles: [],
      disabledServices: {},
      sourceMap: { locate: () => undefined, locateNearest: () => undefined },
      warnings: [],
    },
  };
}
