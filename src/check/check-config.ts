import type { Project } from "../compose/model/project.js";
import { isSeverity, type Severity } from "./finding.js";

/** `x-berth.check` in the compose file: rules to turn off and severities to change. */
export interface CheckConfig {
  readonly disable: ReadonlySet<string>;
  readonly severity: ReadonlyMap<string, Severity>;
}

const asRecord = (value: unknown): Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/** Reads `x-berth: { check: { disable: [ids], severity: { id: level } } }`; unknown shapes are ignored. */
export function readCheckConfig(project: Project): CheckConfig {
  const check = asRecord(asRecord(project.extensions["x-berth"])["check"]);
  const disable = Array.isArray(check["disable"]) ? check["disable"].map(String) : [];
  const severity = Object.entries(asRecord(check["severity"])).flatMap(([rule, level]): [string, Severity][] =>
    isSeverity(level) ? [[rule, level]] : [],
  );
  return { disable: new Set(disable), severity: new Map(severity) };
}
