import type { ServiceStatus } from "./report.js";

/** One row of the startup timeline, in seconds since the first container was created. */
export interface TimelineRow {
  readonly service: string;
  readonly created: number | null;
  readonly started: number | null;
  readonly ready: number | null;
  /** `healthy` when `ready` is the healthcheck passing, `started` when there is none, `completed` for a job. */
  readonly readyKind: "healthy" | "started" | "completed" | "none";
}

export interface Timeline {
  readonly origin: string | null;
  readonly rows: readonly TimelineRow[];
  /** The last moment on the chart (seconds), at least 1. */
  readonly span: number;
}

const seconds = (origin: number, time: string | null): number | null => (time === null ? null : Math.max(0, (Date.parse(time) - origin) / 1000));

/** The timeline in start order: when each service was created, started and became ready. */
export function buildTimeline(services: readonly ServiceStatus[]): Timeline {
  const created = services.map((s) => s.createdAt).filter((t): t is string => t !== null).sort();
  const origin = created[0] ?? null;
  if (origin === null) return { origin, rows: [], span: 1 };
  const base = Date.parse(origin);
  const rows = services
    .map((s): TimelineRow => {
      const [ready, readyKind] = readiness(s);
      return { service: s.service, created: seconds(base, s.createdAt), started: seconds(base, s.startedAt), ready: seconds(base, ready), readyKind };
    })
    .sort((a, b) => (a.started ?? a.created ?? Infinity) - (b.started ?? b.created ?? Infinity) || a.service.localeCompare(b.service));
  const span = Math.max(1, ...rows.flatMap((r) => [r.created, r.started, r.ready].filter((v): v is number => v !== null)));
  return { origin, rows, span };
}

function readiness(s: ServiceStatus): [string | null, TimelineRow["readyKind"]] {
  if (s.oneShot) return s.exitCode === 0 && s.finishedAt !== null ? [s.finishedAt, "completed"] : [null, "none"];
  if (s.healthyAt !== null) return [s.healthyAt, "healthy"];
  return s.health === "none" && s.startedAt !== null ? [s.startedAt, "started"] : [null, "none"];
}
