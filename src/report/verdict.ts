import type { Report, ReportInput, ReportVerdict, ServiceStatus } from "./report.js";

/** A service is ready when it runs (and is healthy if it has a healthcheck), or a job exited 0. */
export function isServiceReady(service: ServiceStatus): boolean {
  if (service.oneShot) return service.state === "exited" && service.exitCode === 0;
  return service.state === "running" && (service.health === "healthy" || service.health === "none");
}

/**
 * The verdict: `fail` when a probe failed, a service is not ready, a diagnosis stands or check
 * found an error; `warn` when nothing was probed, check found warnings or could not run, or a
 * container restarted; `pass` otherwise.
 */
export function computeVerdict(input: ReportInput): ReportVerdict {
  const counts = countAll(input);
  const failures = [
    ...input.evidence.filter((e) => !e.ok).map((e) => `probe ${e.probe} failed: ${e.summary}`),
    ...input.services.filter((s) => !isServiceReady(s)).map((s) => `service ${s.service} is not ready (${s.state}${s.health === "none" ? "" : `, ${s.health}`})`),
    ...input.diagnoses.map((d) => `service ${d.service}: ${d.code}: ${d.message}`),
    ...(counts.findings.error > 0 ? [`berth check found ${counts.findings.error} error(s)`] : []),
  ];
  const warnings = [
    ...(counts.probes === 0 ? ["no probe ran: nothing was verified beyond the engine's state"] : []),
    ...(input.findings === null ? ["berth check could not run"] : counts.findings.warning > 0 ? [`berth check found ${counts.findings.warning} warning(s)`] : []),
    ...input.services.filter((s) => s.restarts > 0).map((s) => `service ${s.service} restarted ${s.restarts} time(s)`),
  ];
  const status = failures.length > 0 ? "fail" : warnings.length > 0 ? "warn" : "pass";
  return { status, reasons: [...failures, ...warnings], counts };
}

function countAll(input: ReportInput): ReportVerdict["counts"] {
  const findings = { error: 0, warning: 0, info: 0 };
  for (const finding of input.findings ?? []) findings[finding.severity]++;
  return {
    services: input.services.length,
    servicesReady: input.services.filter(isServiceReady).length,
    probes: input.evidence.length,
    probesPassed: input.evidence.filter((e) => e.ok).length,
    probesInferred: input.evidence.filter((e) => e.inferredFrom !== undefined).length,
    findings,
    diagnoses: input.diagnoses.length,
    restarts: input.services.reduce((sum, s) => sum + s.restarts, 0),
  };
}

export function buildReport(input: ReportInput): Report {
  return { ...input, verdict: computeVerdict(input) };
}
