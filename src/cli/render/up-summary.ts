import type { Diagnosis } from "../../deploy/diagnose/diagnosis.js";
import type { ServiceResult, UpResult } from "../../runs/up-result.js";

/** The human summary after `up`: one line per service, then each diagnosis in full. */
export function renderUpSummary(result: UpResult): string {
  const width = Math.max(8, ...result.services.map((s) => s.service.length));
  const lines = result.services.map((service) => serviceLine(service, width));
  for (const service of result.services) for (const diagnosis of service.diagnoses) lines.push(...diagnosisLines(service.service, diagnosis));
  for (const warning of result.warnings) lines.push(`warning: ${warning}`);
  lines.push(verdictLine(result));
  return `${lines.join("\n")}\n`;
}

/**
 * ✔ only beside a service that is ready: never beside `restarting`, `dead`, `unhealthy`, or
 * `exited` for anything but a job that completed (a non-job that exited 0 gets •).
 */
export function markOf(service: ServiceResult): string {
  if (service.diagnoses.length > 0 || service.health === "unhealthy" || ["restarting", "dead", "missing", "not-started", "created"].includes(service.state)) return "✘";
  if (service.state === "exited") return service.exitCode !== undefined && service.exitCode !== 0 ? "✘" : service.job ? "✔" : "•";
  return "✔";
}

function serviceLine(service: ServiceResult, width: number): string {
  const failed = service.diagnoses.length > 0;
  const mark = markOf(service);
  const health = service.health === "none" ? "" : ` (${service.health})`;
  const code = failed ? `  [${service.diagnoses[0]?.code}]` : "";
  return `${mark} ${service.service.padEnd(width)}  ${service.state}${health}${restarted(service)}${code}`;
}

/**
 * What happened to a service that runs now (even healthy) but died during `up`: "✘ db running
 * (healthy)" alone would hide that it restarted after its gate passed; its cause is the code after it.
 */
function restarted(service: ServiceResult): string {
  if (!service.restarts || service.state === "exited" || service.state === "restarting") return "";
  return `, restarted ${service.restarts} time${service.restarts === 1 ? "" : "s"} during up`;
}

function diagnosisLines(service: string, diagnosis: Diagnosis): string[] {
  const lines = [``, `${service}: ${diagnosis.code}: ${diagnosis.message}`];
  for (const [key, value] of Object.entries(diagnosis.evidence)) lines.push(...evidenceLines(key, value));
  lines.push(`  fix: ${diagnosis.hint}`);
  return lines;
}

function evidenceLines(key: string, value: unknown): string[] {
  if (value === null || value === undefined || value === "") return [];
  const text = typeof value === "string" ? value : JSON.stringify(value);
  if (!text.includes("\n")) return [`  ${key}: ${text}`];
  return [`  ${key}:`, ...text.split("\n").map((line) => `    | ${line}`)];
}

function verdictLine(result: UpResult): string {
  if (result.interrupted) return `\n${result.project}: interrupted`;
  const failed = result.services.filter((s) => s.diagnoses.length > 0).length;
  return result.ok ? `\n${result.project}: all ${result.services.length} services up` : `\n${result.project}: ${failed} service(s) failed`;
}
