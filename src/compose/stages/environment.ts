import { homedir } from "node:os";
import { isAbsolute, join } from "node:path";
import { ConfigError, type SourceLocation } from "../../common/errors.js";
import type { EnvFileRef, LoadWarning } from "../model/project.js";
import { readDotenvFile } from "./dotenv.js";
import { lookupIn } from "./template.js";

/** A service's environment: `null` is a name without value that nothing resolved. */
export type ServiceEnvironment = Record<string, string | null>;

/**
 * `environment` in list form (`KEY=VALUE`, `KEY`) or map form (numbers and booleans become
 * strings, null stays null) as one map. `key` names the field in messages.
 */
export function normalizeEnvironment(raw: unknown, key = "environment"): ServiceEnvironment {
  if (raw === undefined || raw === null) return {};
  if (Array.isArray(raw))
    return Object.fromEntries(raw.map((item) => splitAssignment(scalarText(item, key))));
  if (typeof raw === "object") {
    return Object.fromEntries(
      Object.entries(raw).map(([name, value]) => [
        name,
        value === null ? null : scalarText(value, `${key}.${name}`),
      ]),
    );
  }
  throw new ConfigError(
    "compose.environment-type",
    `${key} must be a mapping or a list of KEY=VALUE strings`,
    {
      hint: "write `environment:` as `KEY: value` lines or as `- KEY=value` items",
    },
  );
}

function splitAssignment(item: string): [string, string | null] {
  const at = item.indexOf("=");
  return at < 0 ? [item, null] : [item.slice(0, at), item.slice(at + 1)];
}

/** A YAML scalar as compose-go prints it with `fmt.Sprint`. */
export function scalarText(value: unknown, key: string): string {
  if (typeof value === "string") return value;
  if (typeof value === "boolean" || typeof value === "bigint") return String(value);
  if (typeof value === "number") return formatGoNumber(value);
  throw new ConfigError("compose.environment-type", `${key} must be a string, number or boolean`, {
    hint: "quote the value if it is meant as text",
  });
}

// Go's %v for float64 switches to exponent form below 1e-4 (JavaScript only below 1e-6).
function formatGoNumber(value: number): string {
  const magnitude = Math.abs(value);
  if (value === 0 || (magnitude >= 1e-4 && magnitude < 1e21)) return String(value);
  if (!Number.isFinite(value)) return value > 0 ? "+Inf" : value < 0 ? "-Inf" : "NaN";
  return value.toExponential().replace(/e([+-])(\d)$/, "e$10$2");
}

/**
 * `env_file` in its three forms (a path, a list of paths, a list of `{path, required, format}`)
 * as references with absolute paths: relative ones resolve against `baseDir`, `~` against home.
 */
export function normalizeEnvFiles(raw: unknown, baseDir: string, homeDir: string = homedir()): EnvFileRef[] {
  if (raw === undefined || raw === null) return [];
  const items: unknown[] = Array.isArray(raw) ? raw : [raw];
  return items.map((item) => envFileRef(item, baseDir, homeDir));
}

function envFileRef(item: unknown, baseDir: string, homeDir: string): EnvFileRef {
  if (typeof item === "string") return { path: absolutePath(item, baseDir, homeDir), required: true };
  if (item !== null && typeof item === "object" && typeof (item as { path?: unknown }).path === "string") {
    const { path, required, format } = item as { path: string; required?: unknown; format?: unknown };
    const ref = { path: absolutePath(path, baseDir, homeDir), required: isRequired(required) };
    return typeof format === "string" ? { ...ref, format } : ref;
  }
  throw new ConfigError(
    "compose.env-file-type",
    "env_file entries must be paths or {path, required} mappings",
    {
      hint: "write `env_file: app.env` or `env_file: [{path: app.env, required: false}]`",
    },
  );
}

function isRequired(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === "string") return value.toLowerCase() !== "false";
  return value !== false;
}

function absolutePath(path: string, baseDir: string, homeDir: string): string {
  const expanded = path === "~" ? homeDir : path.startsWith("~/") ? join(homeDir, path.slice(2)) : path;
  return isAbsolute(expanded) ? expanded : join(baseDir, expanded);
}

export interface ServiceEnvironmentInput {
  readonly service: string;
  /** The service's `environment`, already interpolated and normalized. */
  readonly environment: Readonly<ServiceEnvironment>;
  /** From normalizeEnvFiles: absolute paths, read in order. */
  readonly envFiles: readonly EnvFileRef[];
  /** Shell over `.env` (and COMPOSE_PROJECT_NAME): resolves names without value. */
  readonly projectEnvironment: Readonly<Record<string, string>>;
  /** Where the service's env_file key is, for warnings. */
  readonly location?: SourceLocation;
  /** `berth check`: a missing required env_file becomes a warning, so the other rules still run. */
  readonly lenient?: boolean;
}

export interface ResolvedEnvironment {
  readonly environment: ServiceEnvironment;
  readonly warnings: readonly LoadWarning[];
}

/**
 * The container environment compose-go builds (`WithServicesEnvironmentResolved`): names
 * without value take the project environment's value, env files are read in order (later
 * wins) and interpolated, and `environment` wins over every file.
 */
export function resolveServiceEnvironment(input: ServiceEnvironmentInput): ResolvedEnvironment {
  const own = resolveFromProject(input.environment, input.projectEnvironment);
  const fromProject = lookupIn(input.projectEnvironment);
  const fromService = lookupIn(own);
  const lookup = (name: string): string | undefined => fromProject(name) ?? fromService(name);
  let collected: Record<string, string> = withoutNulls(own);
  const warnings: LoadWarning[] = [];
  for (const ref of input.envFiles) {
    const read = input.lenient === true ? readEnvFileLeniently(input, ref, collected, lookup, warnings) : readEnvFile(ref, input.service, collected, lookup, input.location);
    if (read === undefined) continue;
    collected = { ...read.values };
    warnings.push(...read.unset.map(({ name, line }) => unsetWarning(name, ref.path, line)));
  }
  return { environment: { ...collected, ...own }, warnings };
}

function readEnvFileLeniently(
  input: ServiceEnvironmentInput,
  ref: EnvFileRef,
  initial: Record<string, string>,
  lookup: (name: string) => string | undefined,
  warnings: LoadWarning[],
): ReturnType<typeof readEnvFile> {
  try {
    return readEnvFile(ref, input.service, initial, lookup, input.location);
  } catch (error) {
    if (!(error instanceof ConfigError) || error.code !== "compose.env-file-missing") throw error;
    warnings.push({ code: error.code, message: error.message, ...(input.location ? { location: input.location } : {}) });
    return undefined;
  }
}

function resolveFromProject(
  environment: Readonly<ServiceEnvironment>,
  project: Readonly<Record<string, string>>,
): ServiceEnvironment {
  const fromProject = lookupIn(project);
  const entries = Object.entries(environment).map(
    ([name, value]) => [name, value ?? fromProject(name) ?? null] as const,
  );
  return Object.fromEntries(entries);
}

function withoutNulls(environment: ServiceEnvironment): Record<string, string> {
  return Object.fromEntries(
    Object.entries(environment).filter((entry): entry is [string, string] => entry[1] !== null),
  );
}

function readEnvFile(
  ref: EnvFileRef,
  service: string,
  initial: Record<string, string>,
  lookup: (name: string) => string | undefined,
  location?: SourceLocation,
) {
  if (ref.format !== undefined && ref.format !== "" && ref.format !== ".env") {
    throw new ConfigError(
      "compose.env-file-format",
      `services.${service}.env_file: unsupported env_file format ${JSON.stringify(ref.format)}`,
      {
        ...(location ? { location } : {}),
        hint: "leave `format` out: env files use the .env syntax",
      },
    );
  }
  try {
    return readDotenvFile(ref.path, { initial, lookup });
  } catch (error) {
    if (error instanceof ConfigError && error.code === "compose.env-file-missing" && !ref.required)
      return undefined;
    if (error instanceof ConfigError && error.code === "compose.env-file-missing")
      throw missingEnvFile(ref.path, service, error, location);
    // A folder, a FIFO, a file too big: said at the env_file entry that names it.
    if (error instanceof ConfigError && error.location === undefined && location !== undefined)
      throw new ConfigError(error.code, `${error.message} (services.${service}.env_file)`, { location, ...(error.hint === undefined ? {} : { hint: error.hint }), cause: error });
    throw error;
  }
}

function missingEnvFile(path: string, service: string, cause: ConfigError, location: SourceLocation | undefined): ConfigError {
  return new ConfigError(
    "compose.env-file-missing",
    `env file ${path} not found (services.${service}.env_file)`,
    {
      ...(location ? { location } : {}),
      hint: "create the file, fix the path, or use the long form with `required: false`",
      cause,
    },
  );
}

function unsetWarning(name: string, file: string, line: number): LoadWarning {
  return {
    code: "compose.unset-variable",
    message: `The "${name}" variable is not set. Defaulting to a blank string (in ${file}).`,
    location: { file, line, column: 1 },
  };
}
