import { isAbsolute, join } from "node:path";
import type { Project } from "../compose/model/project.js";
import { buildServiceView } from "./build-views.js";
import type { CheckContext, LoadFailure } from "./context.js";
import type { FileTree } from "./files/file-tree.js";
import type { Location } from "./finding.js";
import { loadNginxConfigs } from "./sources/nginx-configs.js";
import { parseDotenv, type EnvFile } from "./sources/dotenv.js";

/** Parses every source the rules read, once. */
export function createContext(project: Project, files: FileTree, loadError?: LoadFailure): CheckContext {
  const dir = project.meta.workingDir;
  const services = Object.entries(project.services).map(([name, service]) => buildServiceView(name, service, dir, files));
  const readEnv = (path: string): EnvFile | undefined => {
    const text = files.readText(path);
    return text === undefined ? undefined : parseDotenv(path, text);
  };
  return {
    project,
    dir,
    files,
    services,
    nginx: loadNginxConfigs(services, dir, files),
    dotenv: project.meta.envFiles.flatMap((path) => readEnv(absolute(dir, path)) ?? []),
    envFiles: serviceEnvFiles(project, dir, readEnv),
    composeTexts: project.meta.composeFiles.map((path) => ({ path: absolute(dir, path), text: files.readText(absolute(dir, path)) ?? "" })),
    loadError,
    locate: locator(project, dir),
  };
}

const absolute = (dir: string, path: string) => (isAbsolute(path) ? path : join(dir, path));

function serviceEnvFiles(project: Project, dir: string, readEnv: (path: string) => EnvFile | undefined): Map<string, EnvFile> {
  const parsed = new Map<string, EnvFile>();
  for (const service of Object.values(project.services)) {
    for (const ref of service.env_file ?? []) {
      const path = absolute(dir, ref.path);
      const file = parsed.has(path) ? undefined : readEnv(path);
      if (file) parsed.set(path, file);
    }
  }
  return parsed;
}

function locator(project: Project, dir: string): (path: readonly (string | number)[]) => Location {
  const fallback: Location = { file: absolute(dir, project.meta.composeFiles[0] ?? "compose.yaml"), line: 1, column: 1 };
  return (path) => {
    const found = project.meta.sourceMap.locate(path) ?? project.meta.sourceMap.locateNearest(path);
    return found ? { file: absolute(dir, found.file), line: found.line, column: found.column } : fallback;
  };
}
