import { closestName } from "../common/edit-distance.js";
import { ConfigError } from "../common/errors.js";
import type { Project } from "../compose/model/project.js";
import { formatPath, type TreePath } from "../compose/tree-path.js";
import { isSeverity, severities, type Severity } from "./finding.js";

/** `x-berth.check` in the compose file: rules to turn off and severities to change. */
export interface CheckConfig {
  readonly disable: ReadonlySet<string>;
  readonly severity: ReadonlyMap<string, Severity>;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Reads `x-berth: { check: { disable: [ids], severity: { id: level } } }`. A mistake is a located
 * ConfigError (file:line, the key, the fix): a misspelt rule id or level would otherwise do
 * nothing, and the user would believe a rule off, or an error demoted, that is not.
 * `knownRules` are every rule id of every target, so a file can name a Swarm rule and still be
 * checked for one engine.
 */
export function readCheckConfig(project: Project, knownRules: ReadonlySet<string>): CheckConfig {
  const xBerth = project.extensions["x-berth"];
  const check = isRecord(xBerth) ? xBerth["check"] : undefined;
  if (check === undefined || check === null) return { disable: new Set(), severity: new Map() };
  const fail = (path: TreePath, problem: string, hint: string): never => {
    const location = project.meta.sourceMap.locateNearest(["x-berth", "check", ...path]);
    throw new ConfigError("check.invalid-config", `${formatPath(["x-berth", "check", ...path])}: ${problem}`, { hint, ...(location ? { location } : {}) });
  };
  const ruleId = (value: unknown, path: TreePath): string => {
    if (typeof value !== "string") return fail(path, `should be a rule id, got ${JSON.stringify(value)}`, "berth check --list-rules lists the rule ids");
    if (knownRules.has(value)) return value;
    const guess = closestName(value, knownRules);
    return fail(path, `no rule is named ${value}${guess ? `; did you mean ${guess}?` : ""}`, "berth check --list-rules lists the rule ids");
  };
  if (!isRecord(check)) return fail([], "should be a mapping with disable and severity", "write check: { disable: [rule-id], severity: { rule-id: warning } }");
  for (const key of Object.keys(check)) {
    if (key !== "disable" && key !== "severity") fail([key], `is not a key berth reads here (disable, severity)`, "see docs/x-berth.md#check");
  }
  const rawDisable = check["disable"] ?? [];
  if (!Array.isArray(rawDisable)) fail(["disable"], "should be a list of rule ids", "write disable: [rule-id, ...]");
  const disable = (rawDisable as unknown[]).map((value, index) => ruleId(value, ["disable", index]));
  const rawSeverity = check["severity"] ?? {};
  if (!isRecord(rawSeverity)) return fail(["severity"], "should be a mapping of rule id to level", "write severity: { rule-id: warning }");
  const severity = Object.entries(rawSeverity).map(([rule, level]): [string, Severity] => {
    ruleId(rule, ["severity", rule]);
    if (!isSeverity(level)) fail(["severity", rule], `should be one of ${severities.join(", ")}, got ${JSON.stringify(level)}`, `write ${rule}: warning`);
    return [rule, level as Severity];
  });
  return { disable: new Set(disable), severity: new Map(severity) };
}
