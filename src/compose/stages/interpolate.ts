import { ConfigError, type SourceLocation } from "../../common/errors.js";
import type { LoadWarning } from "../model/project.js";
import { castForPath, type CastResult } from "./interpolate-casts.js";
import { InvalidTemplateError, substituteVariables, type VariableLookup } from "./template.js";

/** Keys of mappings and indexes of sequences, from the root of a compose file. */
export type TreePath = readonly (string | number)[];

export interface InterpolateOptions {
  readonly lookup: VariableLookup;
  /** Where a value sits in the user's file; errors and warnings carry it when known. */
  readonly locate?: (path: TreePath) => SourceLocation | undefined;
  /** Cast strings at typed paths (`services.*.init` ...) as compose-go does; default true. */
  readonly castTypes?: boolean;
}

export interface Interpolated {
  readonly value: unknown;
  readonly warnings: readonly LoadWarning[];
}

/** Substitution or type cast failed for one value; `path` names the key. */
export class InterpolationError extends ConfigError {
  readonly path: TreePath;

  constructor(
    code: string,
    path: TreePath,
    message: string,
    options: { location?: SourceLocation; hint?: string; cause?: unknown },
  ) {
    super(code, message, options);
    this.path = path;
  }
}

/** `services.db.environment.PASSWORD`, `services.web.ports[0].target`: a key as users read it. */
export function formatTreePath(path: TreePath): string {
  return path.reduce<string>(
    (text, part) => (typeof part === "number" ? `${text}[${part}]` : text === "" ? part : `${text}.${part}`),
    "",
  );
}

interface Walk {
  readonly options: InterpolateOptions;
  readonly warnings: LoadWarning[];
}

/**
 * Substitutes variables in every string value of a parsed compose tree (never in mapping
 * keys), then casts typed fields. Returns a new tree; the input is left untouched.
 */
export function interpolateTree(
  tree: unknown,
  options: InterpolateOptions,
  basePath: TreePath = [],
): Interpolated {
  const walk: Walk = { options, warnings: [] };
  const value = interpolateValue(tree, basePath, walk);
  return { value, warnings: walk.warnings };
}

function interpolateValue(value: unknown, path: TreePath, walk: Walk): unknown {
  if (typeof value === "string") return interpolateString(value, path, walk);
  if (Array.isArray(value)) return value.map((item, index) => interpolateValue(item, [...path, index], walk));
  if (isPlainObject(value)) {
    const entries = Object.entries(value).map(([key, item]) => [
      key,
      interpolateValue(item, [...path, key], walk),
    ]);
    return Object.fromEntries(entries);
  }
  return value;
}

function interpolateString(text: string, path: TreePath, walk: Walk): unknown {
  const substituted = substitute(text, path, walk);
  if (walk.options.castTypes === false) return substituted;
  const cast = castForPath(path);
  if (cast === undefined) return substituted;
  return applyCast(cast(substituted), substituted, path, walk);
}

function substitute(text: string, path: TreePath, walk: Walk): string {
  try {
    const { value, unset } = substituteVariables(text, walk.options.lookup);
    for (const name of unset) walk.warnings.push(unsetWarning(name, path, walk));
    return value;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const location = walk.options.locate?.(path);
    throw new InterpolationError(error.code, path, interpolationMessage(error, path), {
      ...(location ? { location } : {}),
      ...(error.hint === undefined ? {} : { hint: error.hint }),
      cause: error,
    });
  }
}

// compose-go's wording, so messages read the same as docker compose's.
function interpolationMessage(error: ConfigError, path: TreePath): string {
  if (error instanceof InvalidTemplateError) {
    return `invalid interpolation format for ${formatTreePath(path)}: ${JSON.stringify(error.template)}`;
  }
  return `error while interpolating ${formatTreePath(path)}: ${error.message}`;
}

function applyCast(result: CastResult, text: string, path: TreePath, walk: Walk): unknown {
  const location = walk.options.locate?.(path);
  if (!result.ok) {
    throw new InterpolationError(
      "compose.type-cast",
      path,
      `error while interpolating ${formatTreePath(path)}: failed to cast ${JSON.stringify(text)} to expected type: ${result.problem}`,
      {
        ...(location ? { location } : {}),
        hint: `give ${formatTreePath(path)} a ${result.expected} (check the variables it uses)`,
      },
    );
  }
  if (result.warning !== undefined) {
    walk.warnings.push({
      code: "compose.yaml11-boolean",
      message: `${formatTreePath(path)}: ${result.warning}`,
      ...(location ? { location } : {}),
    });
  }
  return result.value;
}

function unsetWarning(name: string, path: TreePath, walk: Walk): LoadWarning {
  const location = walk.options.locate?.(path);
  const message = `The "${name}" variable is not set. Defaulting to a blank string (in ${formatTreePath(path)}).`;
  return { code: "compose.unset-variable", message, path, ...(location ? { location } : {}) };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object") return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}
