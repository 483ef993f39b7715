import type { Evidence } from "../journal/records.js";
import type { Report, ReportFinding, ReportInput, ReportVerdict, ServiceStatus } from "./report.js";
import { swarmFailures, swarmWarnings } from "./swarm-part.js";

/** `--fail-on`: the lowest check severity that fails the verdict; `none` (the default) keeps findings warnings. */
export type FailOn = ReportFinding["severity"] | "none";

/** What the user asks of the verdict beyond the policy every stack gets (docs/verdict.md). */
export interface VerdictPolicy {
  readonly failOn?: FailOn;
}

const severityRank: Readonly<Record<ReportFinding["severity"], number>> = { error: 3, warning: 2, info: 1 };

/** A service is ready when it runs (and is healthy if it has a healthcheck), or a job exited 0. */
export function isServiceReady(service: ServiceStatus): boolean {
  if (service.oneShot) return service.state === "exited" && service.exitCode === 0;
  return service.state === "running" && (service.health === "healthy" || service.health === "none");
}

/**
 * An opinion of berth's rather than something the user declared or any stack needs: an inferred
 * persistence probe (a datastore without a volume may well be a cache or a queue by design).
 * It is reported, and never fails the verdict.
 */
export function isOpinion(evidence: Pick<Evidence, "kind" | "inferredFrom">): boolean {
  return evidence.kind === "persistence" && evidence.inferredFrom !== undefined;
}

/** Whether a check finding fails the verdict under `--fail-on`. */
function failsOn(severity: ReportFinding["severity"], failOn: FailOn): boolean {
  return failOn !== "none" && severityRank[severity] >= severityRank[failOn];
}

/**
 * The verdict (docs/verdict.md): `fail` when a declared or must-hold-for-any-stack fact failed (a
 * probe other than an opinion, a service not ready, a diagnosis) or a check finding at or above
 * `--fail-on`; `warn` for opinions that failed, other check findings, nothing probed, check not
 * run, a restart; `pass` otherwise. `reasons` lists the failures, `warnings` the rest.
 */
export function computeVerdict(input: ReportInput, policy: VerdictPolicy = {}): ReportVerdict {
  const counts = countAll(input);
  const failOn = policy.failOn ?? "none";
  const findings = input.findings ?? [];
  const failing = findings.filter((f) => failsOn(f.severity, failOn));
  const failures = [
    ...input.evidence.filter((e) => !e.ok && !isOpinion(e)).map((e) => `probe ${e.probe} failed: ${e.summary}`),
    ...input.services.filter((s) => !isServiceReady(s)).map((s) => `service ${s.service} is not ready (${s.state}${s.health === "none" ? "" : `, ${s.health}`})`),
    ...input.diagnoses.map((d) => `service ${d.service}: ${d.code}: ${d.message}`),
    ...(input.swarm === undefined ? [] : swarmFailures(input.swarm)),
    ...(failing.length > 0 ? [`berth check found ${failing.length} finding(s) at or above --fail-on ${failOn}`] : []),
  ];
  const other = countSeverities(findings.filter((f) => !failsOn(f.severity, failOn)));
  const warnings = [
    ...input.evidence.filter((e) => !e.ok && isOpinion(e)).map((e) => `probe ${e.probe} (an inferred opinion) failed: ${e.summary}`),
    ...(counts.probes === 0 ? ["no probe ran: nothing was verified beyond the engine's state"] : []),
    ...(input.findings === null ? ["berth check could not run"] : []),
    ...(other.error > 0 ? [`berth check found ${other.error} error(s)`] : []),
    ...(other.warning > 0 ? [`berth check found ${other.warning} warning(s)`] : []),
    ...input.services.filter((s) => s.restarts > 0).map((s) => `service ${s.service} restarted ${s.restarts} time(s)`),
    ...input.services.flatMap((s) => (s.drift !== undefined && s.drift.length > 0 ? [driftWarning(s.service, s.drift)] : [])),
    ...(input.swarm === undefined ? [] : swarmWarnings(input.swarm)),
  ];
  const status = failures.length > 0 ? "fail" : warnings.length > 0 ? "warn" : "pass";
  return { status, reasons: failures, warnings, counts };
}

/** Drift from the image: the service, how many files, the first few of them. */
export function driftWarning(service: string, files: readonly string[], shown = 5): string {
  const listed = files.slice(0, shown).join(", ");
  const more = files.length > shown ? ` and ${files.length - shown} more` : "";
  return `service ${service} has ${files.length} file(s) in its container that are in neither its image nor a volume (${listed}${more}): the next recreate loses them; build them into the image or mount a volume`;
}

function countSeverities(findings: readonly ReportFinding[]): Record<ReportFinding["severity"], number> {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const finding of findings) counts[finding.severity]++;
  return counts;
}

function countAll(input: ReportInput): ReportVerdict["counts"] {
  return {
    services: input.services.length,
    servicesReady: input.services.filter(isServiceReady).length,
    probes: input.evidence.length,
    probesPassed: input.evidence.filter((e) => e.ok).length,
    probesInferred: input.evidence.filter((e) => e.inferredFrom !== undefined).length,
    findings: countSeverities(input.findings ?? []),
    diagnoses: input.diagnoses.length,
    restarts: input.services.reduce((sum, s) => sum + s.restarts, 0),
  };
}

export function buildReport(input: ReportInput, policy: VerdictPolicy = {}): Report {
  return { ...input, verdict: computeVerdict(input, policy) };
}
