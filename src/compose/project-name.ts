import { basename } from "node:path";
import { ConfigError, UsageError, type SourceLocation } from "../common/errors.js";
import type { LoadWarning } from "./model/project.js";
import { interpolateTree } from "./stages/interpolate.js";
import { lookupIn } from "./stages/template.js";

const nameRule =
  "must consist only of lowercase alphanumeric characters, hyphens, and underscores as well as start with a letter or number";

/** compose-go's NormalizeProjectName: lower-case, keep `a-z0-9_-`, drop leading `_` and `-`. */
export function normalizeProjectName(raw: string): string {
  return raw
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, "")
    .replace(/^[_-]+/, "");
}

/** Whether a name is already in the form compose accepts for `-p` and COMPOSE_PROJECT_NAME. */
export function isValidProjectName(name: string): boolean {
  return name !== "" && normalizeProjectName(name) === name;
}

/** `-p` is taken as given, never normalized: a value compose would reject is a usage error. */
export function assertValidProjectNameFlag(name: string): void {
  if (isValidProjectName(name)) return;
  const suggestion = normalizeProjectName(name);
  throw new UsageError(`invalid project name ${JSON.stringify(name)} given with -p: ${nameRule}`, {
    hint: suggestion === "" ? "choose a name such as `myapp`" : `use -p ${suggestion}`,
  });
}

export interface ProjectNameInput {
  /** The `-p` value, if any. */
  readonly flag?: string | undefined;
  /** The interpolation environment (shell over `.env`), where COMPOSE_PROJECT_NAME may be. */
  readonly environment: Readonly<Record<string, string>>;
  /** The raw top-level `name:` of each compose file, in load order (undefined when absent). */
  readonly namesFromFiles: readonly unknown[];
  /** Where each of those `name:` keys is, so an interpolation error points at it. */
  readonly nameLocations?: readonly (SourceLocation | undefined)[];
  readonly workingDir: string;
}

export type ProjectNameSource = "flag" | "environment" | "file" | "directory";

export interface ResolvedProjectName {
  readonly name: string;
  readonly source: ProjectNameSource;
  /** `environment` with COMPOSE_PROJECT_NAME set to the name: interpolate the files with it. */
  readonly environment: Readonly<Record<string, string>>;
  readonly warnings: readonly LoadWarning[];
}

/**
 * The project name with compose's precedence: `-p`, then COMPOSE_PROJECT_NAME, then the last
 * `name:` of the files (interpolated, then normalized), then the working directory's name
 * (normalized). Explicit names (`-p`, COMPOSE_PROJECT_NAME) must already be valid.
 */
export function resolveProjectName(input: ProjectNameInput): ResolvedProjectName {
  const chosen = chooseName(input);
  if (chosen.name === "") {
    throw new ConfigError(
      "compose.project-name-empty",
      `project name must not be empty (the folder ${input.workingDir} gives none)`,
      {
        hint: "set `name:` in the compose file, COMPOSE_PROJECT_NAME, or pass -p",
      },
    );
  }
  return { ...chosen, environment: { ...input.environment, COMPOSE_PROJECT_NAME: chosen.name } };
}

type Choice = Omit<ResolvedProjectName, "environment">;

function chooseName(input: ProjectNameInput): Choice {
  if (input.flag !== undefined && input.flag !== "") {
    assertValidProjectNameFlag(input.flag);
    return { name: input.flag, source: "flag", warnings: [] };
  }
  const fromEnvironment = lookupIn(input.environment)("COMPOSE_PROJECT_NAME");
  if (fromEnvironment !== undefined && fromEnvironment !== "") return environmentName(fromEnvironment);
  const fromFiles = nameFromFiles(input);
  if (fromFiles.name !== "") return fromFiles;
  return {
    name: normalizeProjectName(basename(input.workingDir)),
    source: "directory",
    warnings: fromFiles.warnings,
  };
}

function environmentName(name: string): Choice {
  if (!isValidProjectName(name)) {
    throw new ConfigError(
      "compose.project-name-invalid",
      `invalid project name ${JSON.stringify(name)} in COMPOSE_PROJECT_NAME: ${nameRule}`,
      {
        hint: `set COMPOSE_PROJECT_NAME=${normalizeProjectName(name) || "myapp"}`,
      },
    );
  }
  return { name, source: "environment", warnings: [] };
}

// compose-go takes the last non-empty raw `name:`, and only then interpolates it.
function nameFromFiles(input: ProjectNameInput): Choice {
  const names = input.namesFromFiles.map(rawName);
  const index = names.findLastIndex((name) => name !== "");
  const raw = names[index];
  if (raw === undefined) return { name: "", source: "file", warnings: [] };
  const location = input.nameLocations?.[index];
  const { value, warnings } = interpolateTree(raw, { lookup: lookupIn(input.environment), locate: () => location }, ["name"]);
  return { name: normalizeProjectName(String(value)), source: "file", warnings };
}

function rawName(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return "";
}
