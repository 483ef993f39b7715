import { ConfigError, type SourceLocation } from "../common/errors.js";
import type { Project, SourceMap } from "../compose/model/project.js";
import { extensionDurationMs } from "../common/duration.js";

type Path = readonly (string | number)[];

/**
 * Reads one mapping of `x-berth.verify` with typed accessors; every mistake is a ConfigError
 * located at the key (file:line:column) and naming the path, e.g. `x-berth.verify[2].http.status`.
 */
export class SpecReader {
  constructor(
    readonly value: Readonly<Record<string, unknown>>,
    readonly path: Path,
    /** The project being read, for references to its services. */
    readonly project: Project,
  ) {}

  static of(value: unknown, path: Path, project: Project): SpecReader {
    if (!isRecord(value)) throw specError(path, project.meta.sourceMap, "should be a mapping", describe(value));
    return new SpecReader(value, path, project);
  }

  private get sourceMap(): SourceMap {
    return this.project.meta.sourceMap;
  }

  child(key: string): SpecReader {
    return SpecReader.of(this.value[key], [...this.path, key], this.project);
  }

  location(key?: string): SourceLocation | undefined {
    return this.sourceMap.locateNearest(key === undefined ? this.path : [...this.path, key]);
  }

  has(key: string): boolean {
    return this.value[key] !== undefined && this.value[key] !== null;
  }

  fail(key: string | undefined, problem: string, hint?: string): never {
    throw specError(key === undefined ? this.path : [...this.path, key], this.sourceMap, problem, hint);
  }

  string(key: string): string | undefined {
    const value = this.value[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value === "number" || typeof value === "boolean") return String(value);
    if (typeof value !== "string") this.fail(key, "should be a string", describe(value));
    return value;
  }

  requiredString(key: string, hint: string): string {
    return this.string(key) ?? this.fail(key, "is required", hint);
  }

  integer(key: string): number | undefined {
    const value = this.value[key];
    if (value === undefined || value === null) return undefined;
    const number = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
    if (typeof number !== "number" || !Number.isInteger(number)) this.fail(key, "should be an integer", describe(value));
    return number;
  }

  boolean(key: string): boolean | undefined {
    const value = this.value[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "boolean") this.fail(key, "should be true or false", describe(value));
    return value;
  }

  /** A string or a list of strings (a string command is split on spaces). */
  stringList(key: string): string[] | undefined {
    const value = this.value[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value === "string") return [value];
    if (!Array.isArray(value) || value.some((item) => typeof item !== "string" && typeof item !== "number")) this.fail(key, "should be a string or a list of strings", describe(value));
    return value.map(String);
  }

  integerList(key: string): number[] | undefined {
    const value = this.value[key];
    if (value === undefined || value === null) return undefined;
    const list = Array.isArray(value) ? value : [value];
    if (list.some((item) => !Number.isInteger(Number(item)))) this.fail(key, "should be an integer or a list of integers", describe(value));
    return list.map(Number);
  }

  stringMap(key: string): Record<string, string> {
    const value = this.value[key];
    if (value === undefined || value === null) return {};
    if (!isRecord(value)) this.fail(key, "should be a mapping", describe(value));
    return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, String(item)]));
  }

  /** A Go duration (`500ms`, `2s`, `1m30s`) or a bare number of seconds, as compose reads durations; in ms. */
  durationMs(key: string): number | undefined {
    const text = this.string(key);
    if (text === undefined) return undefined;
    return extensionDurationMs(text) ?? this.fail(key, `should be a duration such as 500ms, 2s or 1m30s (a bare number is seconds), got ${JSON.stringify(text)}`);
  }

  /** Rejects keys this probe does not know, so a typo is never silently ignored. */
  onlyKeys(known: readonly string[]): void {
    for (const key of Object.keys(this.value)) {
      if (!known.includes(key)) this.fail(key, "is not a known key", `known keys here: ${known.join(", ")}`);
    }
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return "nothing was given";
  return `got ${Array.isArray(value) ? "a list" : typeof value}`;
}

export function formatPath(path: Path): string {
  return path.map((part, index) => (typeof part === "number" ? `[${part}]` : index === 0 ? part : `.${part}`)).join("");
}

export function specError(path: Path, sourceMap: SourceMap, problem: string, hint?: string): ConfigError {
  const location = sourceMap.locateNearest(path);
  return new ConfigError("verify.invalid-probe", `${formatPath(path)}: ${problem}`, {
    ...(hint === undefined ? {} : { hint }),
    ...(location === undefined ? {} : { location }),
  });
}
