import { readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { createRedactor, isPlainSettingName, passwordArguments, secretNamedValues, urlPasswords, type Redactor } from "../common/redact.js";
import { resolveLoadContext } from "../compose/load-context.js";
import type { LoadOptions } from "../compose/model/load-options.js";
import type { Project, Service } from "../compose/model/project.js";
import { readDotenvFile } from "../compose/stages/dotenv.js";

/**
 * Every value berth must never print for this project:
 * - values of env files (the project's `.env`/`--env-file` and each service's `env_file`), except
 *   under names of plain settings (`POSTGRES_USER`, `*_DB`, `*_HOST`, `*_PORT`, `*_IMAGE`, ...),
 *   which evidence must keep readable;
 * - the contents of file-, environment- and content-sourced secrets;
 * - values of variables whose name looks secret (`*PASSWORD*`, `*TOKEN*`, ...) in the
 *   interpolation environment and in service environments;
 * - passwords inside URLs anywhere in those, and values the services' commands and healthchecks
 *   pass as passwords (`--requirepass x`, `mysqladmin -px`, `redis-cli -a x`);
 * except a value that is also one of the project's own names (`exceptProjectNames`).
 */
export function projectSecretValues(project: Project): string[] {
  return exceptProjectNames(project, allSecretValues(project));
}

function allSecretValues(project: Project): string[] {
  const files = envFiles(project);
  const environments = [project.meta.environment, ...files, ...Object.values(project.services).map((service) => service.environment ?? {})];
  return [
    ...files.flatMap(secretEnvFileValues),
    ...secretContents(project),
    ...environments.flatMap((env) => secretNamedValues(env)),
    ...environments.flatMap((env) => Object.values(env).flatMap((value) => (value ? urlPasswords(value) : []))),
    ...Object.values(project.services).flatMap(commandPasswords),
  ];
}

export function projectRedactor(project: Project): Redactor {
  return createRedactor(projectSecretValues(project));
}

/**
 * The values without those that are also names the project itself declares. A weak
 * `GF_SECURITY_ADMIN_PASSWORD=grafana` beside a service `grafana` is not masked as a bare word:
 * the compose file already shows it, and masking it turned every mention of the service, its
 * container and its image into `***`. Its assignments (`..._PASSWORD=grafana`) are still masked
 * by pattern, and `berth check` reports the weak credential (weak-or-default-credential).
 */
export function exceptProjectNames(project: Project, values: readonly string[]): string[] {
  const names = projectNames(project);
  return values.filter((value) => !names.has(value.trim()));
}

/** The names a project declares: its own, its services', networks', volumes', secrets', configs' and its images' path segments. */
export function projectNames(project: Project): Set<string> {
  const images = Object.values(project.services).flatMap((service) => (service.image ? imagePathSegments(service.image) : []));
  return new Set([project.name, ...Object.keys(project.services), ...Object.keys(project.networks), ...Object.keys(project.volumes), ...Object.keys(project.secrets), ...Object.keys(project.configs), ...images]);
}

/** `registry:5000/grafana/grafana:10.2@sha256:...` → `grafana`, `grafana` (the registry host and the tag are no names). */
function imagePathSegments(image: string): string[] {
  const withoutDigest = image.split("@")[0] ?? "";
  const segments = withoutDigest.split("/");
  const last = segments.length - 1;
  segments[last] = (segments[last] ?? "").replace(/:[^:]*$/, "");
  const first = segments[0] ?? "";
  const hasRegistry = segments.length > 1 && (first.includes(".") || first.includes(":") || first === "localhost");
  return (hasRegistry ? segments.slice(1) : segments).filter((segment) => segment !== "");
}

/**
 * The secrets a load with these options can quote before any project exists: values of the env
 * files it reads and secret-named variables, so that a failed load's error (`invalid port
 * "<password>:80"`) is redacted too. Empty when even the env files cannot be found.
 */
export function loadSecretValues(options: LoadOptions): string[] {
  try {
    const context = resolveLoadContext(options);
    const files = readEnvFiles(context.envFiles);
    const environments = [context.environment, ...files];
    return [...files.flatMap(secretEnvFileValues), ...secretNamedValues(context.environment), ...environments.flatMap((env) => Object.values(env).flatMap(urlPasswords))];
  } catch {
    return [];
  }
}

function envFiles(project: Project): Record<string, string>[] {
  return readEnvFiles([...project.meta.envFiles, ...Object.values(project.services).flatMap((s) => (s.env_file ?? []).map((ref) => resolve(project.meta.workingDir, ref.path)))]);
}

function readEnvFiles(paths: readonly string[]): Record<string, string>[] {
  return [...new Set(paths)].flatMap((file) => {
    try {
      return [{ ...readDotenvFile(file).values }];
    } catch {
      return []; // a missing optional env file holds no secret
    }
  });
}

function secretEnvFileValues(values: Record<string, string>): string[] {
  return Object.entries(values).flatMap(([name, value]) => (isPlainSettingName(name) ? [] : [value]));
}

/** A secret file larger than this is no password or key to look for in text. */
const maxSecretFileBytes = 64 * 1024;

function secretContents(project: Project): string[] {
  return Object.values(project.secrets).flatMap((secret) => {
    if (secret.environment !== undefined) return [project.meta.environment[secret.environment] ?? ""];
    if (secret.content !== undefined) return [secret.content];
    if (secret.file === undefined) return [];
    const file = resolve(project.meta.workingDir, secret.file);
    try {
      // Only a regular file of sensible size: a FIFO or /dev/urandom would never end.
      const stat = statSync(file);
      if (!stat.isFile() || stat.size > maxSecretFileBytes) return [];
      const text = readFileSync(file, "utf8");
      return [text, text.trim()];
    } catch {
      return [];
    }
  });
}

function commandPasswords(service: Service): string[] {
  const lines = [service.command, service.entrypoint, service.healthcheck?.test].flatMap((words) => (words ? [words.join(" "), JSON.stringify(words)] : []));
  return lines.flatMap(passwordArguments);
}
