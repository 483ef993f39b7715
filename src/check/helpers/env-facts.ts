import type { CheckContext } from "../context.js";
import type { Location } from "../finding.js";

/** One environment value a container will see, with where it was written. */
export interface EnvSetting {
  readonly service: string | undefined;
  readonly key: string;
  readonly value: string;
  readonly at: Location;
  /** Written through `${VAR}` in compose: the literal lives in an env file, reported there. */
  readonly interpolated: boolean;
  readonly source: "compose" | "env-file";
}

/** The text of the line a location points at. */
export function lineAt(context: CheckContext, at: Location): string {
  const byFile = linesCache.get(context) ?? new Map<string, readonly string[]>();
  linesCache.set(context, byFile);
  if (!byFile.has(at.file)) byFile.set(at.file, (context.files.readText(at.file) ?? "").split(/\r?\n/));
  return byFile.get(at.file)?.[at.line - 1] ?? "";
}

const linesCache = new WeakMap<CheckContext, Map<string, readonly string[]>>();

/**
 * Every value from compose `environment:` and from the env files (interpolation `.env` and each
 * `env_file`), so secret rules can point at the file where the literal was typed.
 */
export function envSettings(context: CheckContext): readonly EnvSetting[] {
  const cached = settingsCache.get(context);
  if (cached) return cached;
  const settings = collectSettings(context);
  settingsCache.set(context, settings);
  return settings;
}

// Many rules read the same settings; computed once per check run.
const settingsCache = new WeakMap<CheckContext, readonly EnvSetting[]>();

function collectSettings(context: CheckContext): EnvSetting[] {
  const settings: EnvSetting[] = [];
  for (const view of context.services) {
    for (const [key, value] of Object.entries(view.service.environment ?? {})) {
      if (value === null) continue;
      const at = context.locate(["services", view.name, "environment", key]);
      const line = lineAt(context, at);
      settings.push({ service: view.name, key, value, at, interpolated: line.includes("${") || (line.includes("$") && !line.includes("$$")) || !line.includes(key), source: "compose" });
    }
  }
  const files = [...context.dotenv, ...context.envFiles.values()];
  const seen = new Set<string>();
  for (const file of files.filter((candidate) => !seen.has(candidate.path) && seen.add(candidate.path))) {
    for (const entry of file.entries) settings.push({ service: undefined, key: entry.key, value: entry.value, at: entry.at, interpolated: false, source: "env-file" });
  }
  return settings;
}
