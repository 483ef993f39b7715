import { backupSettings } from "../backup/backup-settings.js";
import { selectBackupTargets } from "../backup/select-driver.js";
import type { Redactor } from "../common/redact.js";
import type { Project } from "../compose/model/project.js";
import { projectStateDir } from "../deploy/state-dir.js";
import { projectRedactor } from "../verify/project-secrets.js";

/** One project the server shows: its model, where its runs and backups live, and its redactor. */
export interface ServedProject {
  readonly name: string;
  readonly project: Project;
  readonly stateDir: string;
  readonly backupDir: string;
  /** Services with a backup driver, in compose order. */
  readonly backupServices: readonly string[];
  /** Applied to every response about this project: the same redaction as reports. */
  readonly redactor: Redactor;
}

/** Resolves the state dir, backups folder and secrets of a loaded project, as the CLI verbs do. */
export function serveProject(project: Project, env: Readonly<Record<string, string | undefined>>, cwd: string): ServedProject {
  return {
    name: project.name,
    project,
    stateDir: projectStateDir(project.name, env),
    backupDir: backupSettings(project, env, { cwd }).dir,
    backupServices: selectBackupTargets(project).map((target) => target.service),
    redactor: projectRedactor(project),
  };
}
