import type { TreePath } from "./interpolate.js";

/** A cast's outcome: the typed value (with an optional warning), or why the text does not fit. */
export type CastResult =
  | { readonly ok: true; readonly value: unknown; readonly warning?: string }
  | { readonly ok: false; readonly expected: string; readonly problem: string };

export type Cast = (text: string) => CastResult;

const int64Max = 2n ** 63n - 1n;

// strconv.Atoi / ParseInt(…, 10, 64): optional sign, decimal digits, within int64.
export const toInteger: Cast = (text) => {
  if (/^[+-]?\d+$/.test(text)) {
    const big = BigInt(text);
    if (big <= int64Max && big >= -int64Max - 1n) return { ok: true, value: Number(big) };
    return { ok: false, expected: "whole number", problem: "value out of range" };
  }
  return { ok: false, expected: "whole number", problem: "not a whole number" };
};

// strconv.ParseFloat in its decimal forms (Inf and NaN could not be printed as JSON anyway).
export const toFloat: Cast = (text) => {
  if (/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text)) return { ok: true, value: Number(text) };
  return { ok: false, expected: "number", problem: "not a number" };
};

// YAML 1.2 booleans; compose-go still accepts the YAML 1.1 words with a warning.
export const toBoolean: Cast = (text) => {
  const lower = text.toLowerCase();
  if (lower === "true" || lower === "false") return { ok: true, value: lower === "true" };
  const legacy = ["y", "yes", "on"].includes(lower)
    ? true
    : ["n", "no", "off"].includes(lower)
      ? false
      : undefined;
  if (legacy === undefined)
    return { ok: false, expected: "boolean (true or false)", problem: `invalid boolean: ${text}` };
  return {
    ok: true,
    value: legacy,
    warning: `"${text}" for boolean is not supported by YAML 1.2, please use \`${String(legacy)}\``,
  };
};

/**
 * compose-go's `interpolateTypeCastMapping` (loader/interpolate.go): after interpolation, strings
 * at these paths become the field's type. `*` matches any one key, `[]` any sequence index.
 * `secrets|configs.[].mode` are not cast: text there is octal (normalize reads it), not decimal.
 */
export const interpolationCasts: ReadonlyMap<string, Cast> = new Map<string, Cast>([
  ["services.*.cpu_count", toInteger],
  ["services.*.cpu_percent", toFloat],
  ["services.*.cpu_period", toInteger],
  ["services.*.cpu_quota", toInteger],
  ["services.*.cpu_rt_period", toInteger],
  ["services.*.cpu_rt_runtime", toInteger],
  ["services.*.cpus", toFloat],
  ["services.*.cpu_shares", toInteger],
  ["services.*.init", toBoolean],
  ["services.*.deploy.replicas", toInteger],
  ["services.*.deploy.update_config.parallelism", toInteger],
  ["services.*.deploy.update_config.max_failure_ratio", toFloat],
  ["services.*.deploy.rollback_config.parallelism", toInteger],
  ["services.*.deploy.rollback_config.max_failure_ratio", toFloat],
  ["services.*.deploy.restart_policy.max_attempts", toInteger],
  ["services.*.deploy.placement.max_replicas_per_node", toInteger],
  ["services.*.healthcheck.retries", toInteger],
  ["services.*.healthcheck.disable", toBoolean],
  ["services.*.oom_kill_disable", toBoolean],
  ["services.*.oom_score_adj", toInteger],
  ["services.*.pids_limit", toInteger],
  ["services.*.ports.[].target", toInteger],
  ["services.*.privileged", toBoolean],
  ["services.*.read_only", toBoolean],
  ["services.*.scale", toInteger],
  ["services.*.stdin_open", toBoolean],
  ["services.*.tty", toBoolean],
  ["services.*.ulimits.*", toInteger],
  ["services.*.ulimits.*.hard", toInteger],
  ["services.*.ulimits.*.soft", toInteger],
  ["services.*.volumes.[].read_only", toBoolean],
  ["services.*.volumes.[].volume.nocopy", toBoolean],
  ["networks.*.external", toBoolean],
  ["networks.*.internal", toBoolean],
  ["networks.*.attachable", toBoolean],
  ["networks.*.enable_ipv6", toBoolean],
  ["volumes.*.external", toBoolean],
  ["secrets.*.external", toBoolean],
  ["configs.*.external", toBoolean],
]);

// Patterns split once; every string value of every file is checked against them.
const compiledCasts = [...interpolationCasts].map(([pattern, cast]) => ({ parts: pattern.split("."), cast }));

/** The cast for a value's path, if its field is typed. */
export function castForPath(path: TreePath): Cast | undefined {
  if (path.length < 2) return undefined;
  for (const { parts, cast } of compiledCasts) if (matchesCastPattern(path, parts)) return cast;
  return undefined;
}

function matchesCastPattern(path: TreePath, parts: readonly string[]): boolean {
  if (parts.length !== path.length) return false;
  return parts.every((part, index) => {
    const segment = path[index];
    if (part === "*") return true;
    if (part === "[]") return typeof segment === "number";
    return part === segment;
  });
}
