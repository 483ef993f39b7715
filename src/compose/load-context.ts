import { statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { ConfigError, type SourceLocation } from "../common/errors.js";
import type { LoadOptions } from "./model/load-options.js";
import type { LoadWarning } from "./model/project.js";
import { assertValidProjectNameFlag } from "./project-name.js";
import { readDotenvFile } from "./stages/dotenv.js";
import { lookupIn } from "./stages/template.js";

/** Where and with what a project is loaded: the answers to compose's global flags. */
export interface LoadContext {
  /** Absolute project directory: `--project-directory`, else the first compose file's folder. */
  readonly workingDir: string;
  /** Absolute compose file paths in load order. */
  readonly composeFiles: readonly string[];
  /** Interpolation variables: the shell, then env files for names the shell does not set. */
  readonly environment: Readonly<Record<string, string>>;
  /** Absolute paths of the env files read (`--env-file`s, or the `.env` files found), in read order. */
  readonly envFiles: readonly string[];
  /** `--profile`s, or COMPOSE_PROFILES (comma-separated) when none is given. */
  readonly profiles: readonly string[];
  readonly warnings: readonly LoadWarning[];
}

/** compose-go's DefaultFileNames / DefaultOverrideFileNames, in order of preference. */
export const defaultComposeFileNames = [
  "compose.yaml",
  "compose.yml",
  "docker-compose.yml",
  "docker-compose.yaml",
] as const;
export const defaultOverrideFileNames = [
  "compose.override.yml",
  "compose.override.yaml",
  "docker-compose.override.yml",
  "docker-compose.override.yaml",
] as const;

interface Progress {
  readonly options: LoadOptions;
  readonly projectDir: string | undefined;
  environment: Record<string, string>;
  envFiles: string[];
  files: string[];
  readonly warnings: LoadWarning[];
  /** Where an env file set each variable (the last statement wins), for errors about its value. */
  readonly setAt: Map<string, SourceLocation>;
}

/**
 * Settles the working directory, compose files, environment and profiles the way docker compose
 * does before loading: shell, then `.env` of the current folder (for COMPOSE_FILE), COMPOSE_FILE
 * or default discovery, then `.env` of the project directory; `--env-file` replaces `.env`.
 */
export function resolveLoadContext(options: LoadOptions): LoadContext {
  const progress: Progress = {
    options,
    projectDir:
      options.projectDirectory === undefined ? undefined : resolve(options.cwd, options.projectDirectory),
    environment: shellEnvironment(options.environment),
    envFiles: [],
    files: options.files.map((file) => resolve(options.cwd, file)),
    warnings: [],
    setAt: new Map(),
  };
  readEnvFiles(progress);
  if (progress.files.length === 0) progress.files = composeFilesFromEnvironment(progress);
  if (options.projectName !== undefined && options.projectName !== "")
    assertValidProjectNameFlag(options.projectName);
  if (progress.files.length === 0) progress.files = discoverComposeFiles(progress);
  else progress.files.forEach((file) => mustExist(file, "compose file"));
  readEnvFiles(progress);
  return {
    workingDir: workingDirOf(progress),
    composeFiles: progress.files,
    environment: progress.environment,
    envFiles: progress.envFiles,
    profiles: activeProfiles(options.profiles, progress.environment),
    warnings: progress.warnings,
  };
}

function shellEnvironment(environment: LoadOptions["environment"]): Record<string, string> {
  return Object.fromEntries(
    Object.entries(environment).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

function workingDirOf(progress: Progress): string {
  const first = progress.files.find((file) => file !== "-");
  return progress.projectDir ?? (first === undefined ? progress.options.cwd : dirname(first));
}

// Runs twice, as in docker compose: once before the compose files are known, once after
// (reading the same files again could only add names that are already there).
function readEnvFiles(progress: Progress): void {
  const files = envFilesToRead(progress);
  if (files.length > 0 && files.every((file) => progress.envFiles.includes(file))) return;
  let fromFiles: Record<string, string> = {};
  const current = lookupIn(progress.environment);
  for (const file of files) {
    const { values, unset, statements } = readDotenvFile(file, {
      lookup: (name) => current(name) ?? lookupIn(fromFiles)(name),
    });
    for (const { key, line, column } of statements) progress.setAt.set(key, { file, line, column });
    fromFiles = { ...fromFiles, ...values }; // spread, not assign: a `__proto__` key stays a key
    progress.warnings.push(...unset.map(({ name, line }) => unsetVariable(name, file, line)));
  }
  progress.environment = { ...fromFiles, ...progress.environment };
  progress.envFiles = [...new Set([...progress.envFiles, ...files])];
}

function unsetVariable(name: string, file: string, line: number): LoadWarning {
  const message = `The "${name}" variable is not set. Defaulting to a blank string (in ${file}).`;
  return { code: "compose.unset-variable", message, location: { file, line, column: 1 } };
}

function envFilesToRead(progress: Progress): string[] {
  const { options } = progress;
  if (options.envFiles.length > 0) {
    const files = options.envFiles.map((file) => resolve(options.cwd, file));
    files.forEach((file) => mustExist(file, "env file", "--env-file"));
    return files;
  }
  if (isTrue(lookupIn(shellEnvironment(options.environment))("COMPOSE_DISABLE_ENV_FILE"))) return [];
  const dotEnv = join(workingDirOf(progress), ".env");
  return statSync(dotEnv, { throwIfNoEntry: false })?.isFile() === true ? [dotEnv] : [];
}

function composeFilesFromEnvironment(progress: Progress): string[] {
  const value = lookupIn(progress.environment)("COMPOSE_FILE");
  if (value === undefined) return [];
  const separator = lookupIn(progress.environment)("COMPOSE_PATH_SEPARATOR") || ":";
  const files = value.split(separator).filter((file) => file !== "");
  const absolute = files.map((file) => resolve(progress.options.cwd, file));
  // COMPOSE_FILE from the shell has no position; from an env file, its line.
  const fromShell = progress.options.environment["COMPOSE_FILE"] !== undefined;
  const location = fromShell ? undefined : progress.setAt.get("COMPOSE_FILE");
  absolute.forEach((file) => mustExist(file, "compose file", "COMPOSE_FILE", location));
  return absolute;
}

// Default discovery: the first folder from the working dir upwards holding a compose file.
function discoverComposeFiles(progress: Progress): string[] {
  for (let dir = progress.projectDir ?? progress.options.cwd; ; dir = dirname(dir)) {
    const found = existing(defaultComposeFileNames, dir);
    const [winner] = found;
    if (winner !== undefined) {
      if (found.length > 1) progress.warnings.push(multipleFound("config", found));
      const overrides = existing(defaultOverrideFileNames, dir);
      if (overrides.length > 1) progress.warnings.push(multipleFound("override", overrides));
      return overrides[0] === undefined ? [winner] : [winner, overrides[0]];
    }
    if (dirname(dir) === dir) throw noComposeFile(progress);
  }
}

function existing(names: readonly string[], dir: string): string[] {
  return names
    .map((name) => join(dir, name))
    .filter((file) => statSync(file, { throwIfNoEntry: false }) !== undefined);
}

function multipleFound(kind: string, files: readonly string[]): LoadWarning {
  return {
    code: "compose.multiple-files",
    message: `Found multiple ${kind} files with supported names: ${files.join(", ")}; using ${files[0] ?? ""}`,
  };
}

function noComposeFile(progress: Progress): ConfigError {
  const from = progress.projectDir ?? progress.options.cwd;
  return new ConfigError(
    "compose.no-config",
    `no configuration file provided: not found (looked in ${from} and its parent folders)`,
    {
      hint: `create compose.yaml, or name the file with -f (accepted names: ${defaultComposeFileNames.join(", ")})`,
    },
  );
}

function mustExist(file: string, what: "compose file" | "env file", origin?: string, location?: SourceLocation): void {
  if (file === "-") return;
  const stat = statSync(file, { throwIfNoEntry: false });
  const via = origin === undefined ? "" : ` (from ${origin})`;
  const code = what === "env file" ? "compose.env-file" : "compose.compose-file";
  if (stat?.isDirectory() === true) {
    throw new ConfigError(`${code}-invalid`, `${what} ${file}${via} is a directory`, {
      hint: "name a file, not a folder",
    });
  }
  if (stat !== undefined) return;
  throw new ConfigError(`${code}-missing`, `${what} ${file}${via} not found`, {
    ...(location ? { location } : {}),
    hint: `check the ${origin ?? "-f"} path; it is relative to the current folder`,
  });
}

function activeProfiles(flags: readonly string[], environment: Readonly<Record<string, string>>): string[] {
  if (flags.length > 0) return [...flags];
  const fromEnvironment = lookupIn(environment)("COMPOSE_PROFILES") ?? "";
  return fromEnvironment
    .split(",")
    .map((profile) => profile.trim())
    .filter((profile) => profile !== "");
}

function isTrue(value: string | undefined): boolean {
  return value !== undefined && ["1", "t", "true"].includes(value.toLowerCase());
}
