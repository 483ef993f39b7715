import { loadProject } from "../../compose/load.js";
import type { Project } from "../../compose/model/project.js";
import type { Engine } from "../../engine/engine.js";
import { formatLocation } from "../../common/errors.js";
import type { CliIO } from "../io.js";
import { readProjectOptions } from "../project-options.js";

/** What every project verb starts from: the loaded project and a reachable engine. */
export interface ProjectSession {
  readonly project: Project;
  readonly engine: Engine;
}

export async function openProjectSession(raw: Record<string, unknown>, io: CliIO, services: readonly string[] = []): Promise<ProjectSession> {
  const project = loadProject({ ...readProjectOptions(raw), services, environment: io.env, cwd: io.cwd });
  for (const warning of project.meta.warnings) {
    const where = warning.location ? `${formatLocation(warning.location)}: ` : "";
    io.stderr.write(`WARN ${where}${warning.message}\n`);
  }
  // Loaded on demand: dockerode is heavy, and verbs without an engine should not pay for it.
  const { connectEngine } = await import("../connect-engine.js");
  const engine = await connectEngine(io.env);
  return { project, engine };
}
