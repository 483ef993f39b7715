import type { ServiceResult, UpResult } from "./up-result.js";
import type { NewJournalEntry } from "../journal/journal-entry.js";

/**
 * What a finished `up` leaves in its journal: the lifecycle times (the report's startup timeline)
 * of the services this run changed, and every diagnosis, in service order. Services the run left
 * alone get no times, so the report takes them from the run that really started them.
 */
export function upResultEntries(result: UpResult, changed: ReadonlySet<string>): NewJournalEntry[] {
  return result.services.flatMap((service): NewJournalEntry[] => [
    ...(changed.has(service.service) ? [serviceTimes(service)] : []),
    ...service.diagnoses.map(
      (diagnosis): NewJournalEntry => ({ type: "diagnosis", service: service.service, diagnosis: { ...diagnosis } }),
    ),
  ]);
}

function serviceTimes(service: ServiceResult): NewJournalEntry {
  return {
    type: "service",
    service: service.service,
    state: service.state,
    health: service.health,
    createdAt: null,
    startedAt: service.startedAt,
    healthyAt: service.healthyAt,
  };
}
