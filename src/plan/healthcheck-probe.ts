import type { HealthCheck } from "../compose/model/project.js";
import { durationToMillis } from "../common/duration.js";

/** The argv berth execs to run a service's healthcheck itself. */
export function probeCommand(check: HealthCheck | undefined): string[] | undefined {
  const [kind, ...rest] = check?.test ?? [];
  if (kind === "CMD") return rest;
  if (kind === "CMD-SHELL") return ["/bin/sh", "-c", rest.join(" ")];
  return undefined;
}

/** Probe timeout: the healthcheck's own, capped so one hung probe cannot stall the gate. */
export function probeTimeoutMs(check: HealthCheck | undefined): number {
  return Math.min(durationToMillis(check?.timeout) ?? 30_000, 5_000);
}

/** Probe cadence: fast right after start (readiness within ~0.1 s), gentler as time passes. */
export function probeCadenceMs(elapsedMs: number): number {
  if (elapsedMs < 10_000) return 100;
  if (elapsedMs < 30_000) return 250;
  return 1_000;
}

/** The healthcheck program itself is absent from the image. */
export function isCommandMissing(output: string, exitCode: number): boolean {
  if (/executable file not found/i.test(output)) return true;
  return (exitCode === 126 || exitCode === 127) && /not found|no such file/i.test(output);
}
