import type { UpResult } from "../deploy/up-result.js";
import type { NewJournalEntry } from "./journal-entry.js";

/**
 * What a finished `up` leaves in its journal: each service's lifecycle times (the report's
 * startup timeline) and every diagnosis, in service order.
 */
export function upResultEntries(result: UpResult): NewJournalEntry[] {
  return result.services.flatMap((service): NewJournalEntry[] => [
    {
      type: "service",
      service: service.service,
      state: service.state,
      health: service.health,
      createdAt: null,
      startedAt: service.startedAt,
      healthyAt: service.healthyAt,
    },
    ...service.diagnoses.map(
      (diagnosis): NewJournalEntry => ({ type: "diagnosis", service: service.service, diagnosis: { ...diagnosis } }),
    ),
  ]);
}
