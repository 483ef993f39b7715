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

/**
 * Where an environment entry is written and its text from that position to the end of the line:
 * the map form by its key, the list form (`- KEY=value`, `- KEY`) by the list item naming it.
 */
function writtenEntry(context: CheckContext, service: string, key: string, count: number): { at: Location; text: string } | undefined {
  const textAt = (at: Location) => lineAt(context, at).slice(at.column - 1).trim();
  const byKey = context.project.meta.sourceMap.locate(["services", service, "environment", key]);
  if (byKey) {
    const at = { file: byKey.file, line: byKey.line, column: byKey.column };
    return { at, text: textAt(at).slice(key.length).replace(/^["']?\s*:/, "") };
  }
  for (let index = 0; index < count + 8; index += 1) {
    const found = context.project.meta.sourceMap.locate(["services", service, "environment", index]);
    if (!found) return undefined;
    const at = { file: found.file, line: found.line, column: found.column };
    const item = textAt(at).replace(/^["']/, "");
    if (item === key || item.startsWith(`${key}=`) || item.startsWith(`${key}"`) || item.startsWith(`${key}'`)) return { at, text: item.slice(key.length + 1) };
  }
  return undefined;
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
      const written = writtenEntry(context, view.name, key, Object.keys(view.service.environment ?? {}).length);
      const at = written?.at ?? context.locate(["services", view.name, "environment", key]);
      // Literal only when the value is typed at its own entry: `KEY:` / `- KEY` pass values through
      // from the environment, `${VAR}` interpolates them, env_file values are reported in their file.
      const literal = written !== undefined && value !== "" && written.text.includes(value) && !/\$\{?[A-Za-z_]/.test(written.text.replace(/\$\$/g, ""));
      settings.push({ service: view.name, key, value, at, interpolated: !literal, source: "compose" });
    }
  }
  const files = [...context.dotenv, ...context.envFiles.values()];
  const seen = new Set<string>();
  for (const file of files.filter((candidate) => !seen.has(candidate.path) && seen.add(candidate.path))) {
    for (const entry of file.entries) settings.push({ service: undefined, key: entry.key, value: entry.value, at: entry.at, interpolated: false, source: "env-file" });
  }
  return settings;
}
