import type { ReportInput, ServiceStatus } from "./report.js";

const service = (name: string, over: Partial<ServiceStatus>): ServiceStatus => ({
  service: name,
  container: `shop-${name}-1`,
  image: "node:20-bookworm-slim",
  imageSizeBytes: 210_000_000,
  state: "running",
  health: "healthy",
  exitCode: null,
  oneShot: false,
  ports: [],
  restarts: 0,
  cpuPercent: 1.25,
  memoryBytes: 48_000_000,
  memoryLimitBytes: 268_435_456,
  createdAt: "2026-11-23T07:00:00.000Z",
  startedAt: "2026-11-23T07:00:00.500Z",
  healthyAt: null,
  finishedAt: null,
  ...over,
});

/** A four-service report input used by the renderer golden tests (a failing websocket probe). */
export const fixtureInput: ReportInput = {
  project: "shop",
  runId: "20261123T070000Z-abcdef",
  generatedAt: "2026-11-23T07:01:00.000Z",
  services: [
    service("db", { image: "postgres:15", imageSizeBytes: 412_000_000, createdAt: "2026-11-23T07:00:00.000Z", startedAt: "2026-11-23T07:00:00.400Z", healthyAt: "2026-11-23T07:00:03.100Z" }),
    service("cache", { image: "redis:7", imageSizeBytes: 117_000_000, health: "none", createdAt: "2026-11-23T07:00:00.100Z", startedAt: "2026-11-23T07:00:00.600Z" }),
    service("api", { createdAt: "2026-11-23T07:00:03.200Z", startedAt: "2026-11-23T07:00:03.500Z", healthyAt: "2026-11-23T07:00:06.000Z", restarts: 1 }),
    service("migrate", { oneShot: true, state: "exited", exitCode: 0, health: "none", cpuPercent: null, memoryBytes: null, createdAt: "2026-11-23T07:00:00.200Z", startedAt: "2026-11-23T07:00:03.150Z", finishedAt: "2026-11-23T07:00:04.000Z" }),
    service("web", { image: "nginx:1.22", ports: ["127.0.0.1:18080->80/tcp"], health: "healthy", createdAt: "2026-11-23T07:00:06.100Z", startedAt: "2026-11-23T07:00:06.300Z", healthyAt: "2026-11-23T07:00:07.000Z" }),
  ],
  timelineSource: "journal",
  evidence: [
    { probe: "api-health", kind: "http", service: "api", target: "GET http://127.0.0.1:18080/api/health (from host)", ok: true, summary: "200 OK in 12 ms", failures: [], facts: { status: 200, latencyMs: 12.3 }, startedAt: "2026-11-23T07:00:30.000Z", durationMs: 12 },
    {
      probe: "live-updates",
      kind: "websocket",
      target: "Socket.IO ws://127.0.0.1:18080/socket.io/ (from host)",
      ok: false,
      summary: "expected the upgrade (101 Switching Protocols), got 400 Bad Request",
      failures: ["expected the upgrade (101 Switching Protocols), got 400 Bad Request"],
      facts: { upgraded: false, status: 400, latencyMs: 8 },
      excerpt: '{"code":3,"message":"Bad request"}',
      hint: "the upgrade did not reach the backend: a proxy in front must forward it",
      startedAt: "2026-11-23T07:00:30.000Z",
      durationMs: 8,
      location: { file: "/p/compose.yaml", line: 7, column: 9 },
    },
    { probe: "db-query", kind: "postgres", service: "db", inferredFrom: "services.db.image postgres:15", target: "postgres db (local socket): SELECT 1", ok: true, summary: "1 row(s) in 40 ms", failures: [], facts: { rows: 1 }, startedAt: "2026-11-23T07:00:30.100Z", durationMs: 40 },
  ],
  findings: [{ rule: "resource-limits-missing", severity: "warning", file: "compose.yaml", line: 12, column: 5, message: "service api has no memory limit", hint: "set deploy.resources.limits.memory" }],
  diagnoses: [],
};
