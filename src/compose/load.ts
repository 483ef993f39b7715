import { homedir } from "node:os";
import { ConfigError } from "../common/errors.js";
import { resolveLoadContext } from "./load-context.js";
import type { LoadOptions } from "./model/load-options.js";
import type { Project } from "./model/project.js";
import { resolveProjectName } from "./project-name.js";
import { checkConsistency } from "./stages/consistency.js";
import { loadAndMergeFiles } from "./stages/load-files.js";
import { normalizeTree } from "./stages/normalize.js";
import { isTree, parseComposeFile } from "./stages/parse.js";
import { applyProfiles } from "./stages/profiles.js";
import { withoutUnusedResources } from "./stages/prune.js";
import { readComposeFile } from "./stages/read.js";
import { resolveEnvironments } from "./stages/service-environment.js";
import { lookupIn } from "./stages/template.js";
import { toProject } from "./stages/to-project.js";

/**
 * Loads a compose project the way `docker compose` does, as one visible pipeline:
 * context → read → parse → name → (per file: interpolate → schema → canonical → include →
 * extends) → merge → normalize → service environments → model → profiles → consistency →
 * unused resources dropped. Throws ConfigError (exit 1) or UsageError (exit 2), located.
 */
export function loadProject(options: LoadOptions): Project {
  const context = resolveLoadContext(options);
  const home = options.environment["HOME"] ?? homedir();
  const parsed = context.composeFiles.map((file) => parseComposeFile(readComposeFile(file)));
  const naming = resolveProjectName({
    flag: options.projectName,
    environment: context.environment,
    namesFromFiles: parsed.map((file) => file.tree["name"]),
    nameLocations: parsed.map((file) => file.sourceMap.locate(["name"])),
    workingDir: context.workingDir,
  });
  const merged = loadAndMergeFiles(parsed, naming.environment, home, context.workingDir);
  const normalized = normalizeTree({
    tree: merged.tree,
    projectName: naming.name,
    base: { dir: context.workingDir, home },
    lookup: lookupIn(naming.environment),
    sourceMap: merged.sourceMap,
  });
  const services = isTree(normalized["services"]) ? normalized["services"] : {};
  const environments = resolveEnvironments(services, naming.environment, context.workingDir, merged.sourceMap, options.lenient === true);
  const project = toProject({ ...normalized, services: environments.services }, {
    name: naming.name,
    workingDir: context.workingDir,
    composeFiles: merged.files,
    envFiles: context.envFiles,
    environment: naming.environment,
    sourceMap: merged.sourceMap,
    warnings: [...context.warnings, ...naming.warnings, ...merged.warnings, ...environments.warnings],
  });
  assertServicesExist(project, options.services ?? []);
  const active = applyProfiles(project, context.profiles, options.services ?? []);
  const problems = checkConsistency(active, options.lenient === true);
  return withoutUnusedResources({ ...active, meta: { ...active.meta, warnings: [...active.meta.warnings, ...problems] } });
}

function assertServicesExist(project: Project, names: readonly string[]): void {
  for (const name of names) {
    if (name in project.services) continue;
    throw new ConfigError("compose.no-such-service", `no such service: ${name}`, {
      hint: `services in this project: ${Object.keys(project.services).join(", ") || "(none)"}`,
    });
  }
}
