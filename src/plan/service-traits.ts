import type { Project, Service } from "../compose/model/project.js";
import { durationToMillis } from "../common/duration.js";

/*
 * What a service is, defined once for all of berth outside the static doctor: a one-shot job,
 * a service with a healthcheck, and how long it gets to stop.
 */

/** A one-shot job: some dependant waits for it to complete successfully (a migration). */
export function isJob(project: Project, name: string): boolean {
  return Object.values(project.services).some((service) => service.depends_on?.[name]?.condition === "service_completed_successfully");
}

/** The names of every one-shot job of the project. */
export function jobNames(project: Project): Set<string> {
  return new Set(Object.keys(project.services).filter((name) => isJob(project, name)));
}

/** Whether the service declares a healthcheck the engine will run (`disable: true` and `NONE` do not). */
export function hasHealthcheck(service: Service): boolean {
  const check = service.healthcheck;
  if (!check || check.disable) return false;
  return check.test !== undefined && check.test[0] !== "NONE";
}

/** compose's `stop_grace_period` when a service sets none. */
export const defaultStopGraceMs = 10_000;

/** How long a stop waits between SIGTERM and SIGKILL: the service's `stop_grace_period`, else 10 s. */
export function stopGraceMs(service: Service | undefined): number {
  return durationToMillis(service?.stop_grace_period) ?? defaultStopGraceMs;
}

/** The same grace in whole seconds, as the Engine API's stop timeout takes it (rounded up: never shorter). */
export function stopGraceSeconds(service: Service | undefined): number {
  return Math.ceil(stopGraceMs(service) / 1000);
}
