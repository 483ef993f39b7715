import type { Project } from "./project.js";

/**
 * A project with no services, known only by its name and place: what `check` sees when the files
 * do not load, what `ps`/`down -p NAME` use without a compose file, and the base of test projects.
 */
export function emptyProject(name: string, workingDir: string, composeFiles: readonly string[] = []): Project {
  return {
    name,
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
