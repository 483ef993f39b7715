import { BerthError, formatLocation } from "../../common/errors.js";
import { createRedactor } from "../../common/redact.js";
import { loadProject } from "../../compose/load.js";
import { emptyProject } from "../../compose/model/empty-project.js";
import type { LoadOptions } from "../../compose/model/load-options.js";
import type { Project } from "../../compose/model/project.js";
import type { Engine } from "../../engine/engine.js";
import { loadSecretValues, projectSecretValues } from "../../verify/project-secrets.js";
import type { CliIO } from "../io.js";
import { readProjectOptions } from "../project-options.js";
import { projectStateDir } from "../../deploy/state-dir.js";
import { unseenWarnings } from "./warn-once.js";

/** What every project verb starts from: the loaded project and a reachable engine. */
export interface ProjectSession {
  readonly project: Project;
  readonly engine: Engine;
}

export interface SessionOptions {
  readonly services?: readonly string[];
  /**
   * `down`, `ps` and `logs` find everything by labels, so like docker compose they also work
   * with only a project name (`-p` or COMPOSE_PROJECT_NAME) where no compose file is found.
   */
  readonly nameSuffices?: boolean;
}

export async function openProjectSession(raw: Record<string, unknown>, io: CliIO, options: SessionOptions = {}): Promise<ProjectSession> {
  const project = openProject(raw, io, options);
  // Loaded on demand: dockerode is heavy, and verbs without an engine should not pay for it.
  const { connectEngine } = await import("../connect-engine.js");
  const engine = await connectEngine(io.env);
  return { project, engine };
}

/** The project of a verb that needs no engine (`backup --list`): loaded, its secrets redacted, its warnings said once. */
export function openProject(raw: Record<string, unknown>, io: CliIO, options: SessionOptions = {}): Project {
  const project = loadOrName(raw, io, options);
  for (const value of projectSecretValues(project)) io.secrets?.add(value);
  const redactor = createRedactor(io.secrets ?? []);
  // Each load warning once per project (and again when a compose file changes), not on every `ps`.
  const lines = project.meta.warnings.map((warning) => `WARN ${warning.location ? `${formatLocation(warning.location)}: ` : ""}${warning.message}`);
  for (const line of unseenWarnings(projectStateDir(project.name, io.env), project.meta.composeFiles, lines)) io.stderr.write(redactor.text(`${line}\n`));
  return project;
}

function loadOrName(raw: Record<string, unknown>, io: CliIO, options: SessionOptions): Project {
  const projectOptions = readProjectOptions(raw);
  try {
    return loadProjectFor({ ...projectOptions, services: options.services ?? [], environment: io.env, cwd: io.cwd }, io);
  } catch (error) {
    const name = projectOptions.projectName ?? io.env["COMPOSE_PROJECT_NAME"];
    const noFile = error instanceof BerthError && error.code === "compose.no-config";
    if (!options.nameSuffices || !noFile || !name) throw error;
    return emptyProject(name, io.cwd);
  }
}

/**
 * Loads the project for a verb. When the load fails, the secrets of its env files join the
 * redacted values first: the error may quote an interpolated one (`invalid port "<password>:80"`).
 */
export function loadProjectFor(options: LoadOptions, io: CliIO): Project {
  try {
    return io.computing ? io.computing(() => loadProject(options)) : loadProject(options);
  } catch (error) {
    for (const value of loadSecretValues(options)) io.secrets?.add(value);
    throw error;
  }
}
