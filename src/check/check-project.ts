import { dirname, isAbsolute, resolve } from "node:path";
import { BerthError } from "../common/errors.js";
import { loadProject } from "../compose/load.js";
import type { LoadOptions } from "../compose/model/load-options.js";
import type { Project } from "../compose/model/project.js";
import type { LoadFailure } from "./context.js";
import { emptyProject } from "../compose/model/empty-project.js";
import type { FileTree } from "./files/file-tree.js";
import type { Finding } from "./finding.js";
import type { Rule } from "./rule.js";
import { runChecksDetailed, type SuppressedFinding } from "./run-checks.js";

export interface CheckResult {
  readonly project: Project;
  /** The profiles whose services were checked: every profile the files name unless --profile chose. */
  readonly profiles: readonly string[];
  readonly findings: readonly Finding[];
  /** Findings silenced by `# berth-ignore` comments (SARIF reports them as suppressed). */
  readonly suppressed: readonly SuppressedFinding[];
}

/**
 * Loads the project leniently and runs the rules. A load that fails outright (invalid YAML, a
 * schema error) becomes a `compose-invalid` finding on an empty project, never an exception.
 */
export function checkProject(options: LoadOptions, files: FileTree, rules: readonly Rule[]): CheckResult {
  // Without --profile every profile is checked: a service under a profile is deployed too.
  const profiles = options.profiles.length === 0 ? ["*"] : options.profiles;
  const loaded = tryLoad({ ...options, profiles, lenient: true });
  const project = loaded.project ?? emptyProject("", guessProjectDir(options), options.files.map((file) => resolve(options.cwd, file)));
  const loadError = loaded.failure === undefined ? {} : { loadError: loaded.failure };
  const named = [...new Set(Object.values(project.services).flatMap((service) => service.profiles ?? []))].sort();
  return { project, profiles: options.profiles.length === 0 ? named : options.profiles, ...runChecksDetailed({ project, files, rules, ...loadError }) };
}

function tryLoad(options: LoadOptions): { project?: Project; failure?: LoadFailure } {
  try {
    return { project: loadProject(options) };
  } catch (error) {
    if (!(error instanceof BerthError) || error.exitCode !== 1) throw error;
    const at = error.location ? { ...error.location, file: resolve(options.cwd, error.location.file) } : undefined;
    return { failure: { message: error.message, at, hint: error.hint } };
  }
}

function guessProjectDir(options: LoadOptions): string {
  if (options.projectDirectory !== undefined) return resolve(options.cwd, options.projectDirectory);
  const first = options.files[0];
  if (first === undefined) return options.cwd;
  return dirname(isAbsolute(first) ? first : resolve(options.cwd, first));
}
