import type { LoadWarning } from "../model/project.js";
import type { PathSourceMap } from "../source-map.js";
import { normalizeEnvironment, normalizeEnvFiles, resolveServiceEnvironment } from "./environment.js";
import { isTree, type Tree } from "./parse.js";

/**
 * Folds each service's `env_file`s into its `environment` and fills names without value
 * from the project environment (compose-go `WithServicesEnvironmentResolved`). `env_file`
 * stays on the service, absolute, for tools; `berth config` does not print it.
 */
export function resolveEnvironments(
  services: Tree,
  projectEnvironment: Readonly<Record<string, string>>,
  workingDir: string,
  sourceMap: PathSourceMap,
  lenient = false,
): { services: Tree; warnings: LoadWarning[] } {
  const warnings: LoadWarning[] = [];
  const result: Tree = {};
  for (const [name, service] of Object.entries(services)) {
    if (!isTree(service) || (service["environment"] === undefined && service["env_file"] === undefined)) {
      result[name] = service;
      continue;
    }
    const location = sourceMap.locateNearest(["services", name, "env_file"]);
    const resolved = resolveServiceEnvironment({
      service: name,
      environment: normalizeEnvironment(service["environment"], `services.${name}.environment`),
      envFiles: normalizeEnvFiles(service["env_file"], workingDir),
      projectEnvironment,
      ...(location ? { location } : {}),
      lenient,
    });
    warnings.push(...resolved.warnings);
    result[name] = { ...service, environment: resolved.environment };
  }
  return { services: result, warnings };
}
