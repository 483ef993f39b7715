import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { createRedactor, secretNamedValues, type Redactor } from "../common/redact.js";
import type { Project } from "../compose/model/project.js";
import { readDotenvFile } from "../compose/stages/dotenv.js";

/**
 * Every value berth must never print for this project: all values of env files (the project's
 * `.env`/`--env-file` and each service's `env_file`), the contents of file- and environment-sourced
 * secrets, and values of variables whose name looks secret (`*PASSWORD*`, `*TOKEN*`, ...) in the
 * interpolation environment and in service environments.
 */
export function projectSecretValues(project: Project): string[] {
  return [...envFileValues(project), ...secretContents(project), ...secretNamedValuesOf(project)];
}

export function projectRedactor(project: Project): Redactor {
  return createRedactor(projectSecretValues(project));
}

function envFileValues(project: Project): string[] {
  const files = new Set([...project.meta.envFiles, ...Object.values(project.services).flatMap((s) => (s.env_file ?? []).map((ref) => resolve(project.meta.workingDir, ref.path)))]);
  return [...files].flatMap((file) => {
    try {
      return Object.values(readDotenvFile(file).values);
    } catch {
      return []; // a missing optional env file holds no secret
    }
  });
}

function secretContents(project: Project): string[] {
  return Object.values(project.secrets).flatMap((secret) => {
    if (secret.environment !== undefined) return [project.meta.environment[secret.environment] ?? ""];
    if (secret.content !== undefined) return [secret.content];
    if (secret.file === undefined) return [];
    try {
      const text = readFileSync(resolve(project.meta.workingDir, secret.file), "utf8");
      return [text, text.trim()];
    } catch {
      return [];
    }
  });
}

function secretNamedValuesOf(project: Project): string[] {
  return [...secretNamedValues(project.meta.environment), ...Object.values(project.services).flatMap((service) => secretNamedValues(service.environment ?? {}))];
}
