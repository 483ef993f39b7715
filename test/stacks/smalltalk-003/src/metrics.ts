// Prometheus text exposition of the few numbers the health server publishes.

const requests = new Map<string, number>();
let sessionsCreated = 0;
const startedAt = Date.now();

export function countRequest(route: string): void {
  requests.set(route, (requests.get(route) ?? 0) + 1);
}

export function countSession(): void {
  sessionsCreated += 1;
}

export function uptimeSeconds(): number {
  return Math.round((Date.now() - startedAt) / 1000);
}

export function renderMetrics(): string {
  const lines = [
    "# HELP smalltalk_requests_total Requests served by the API, by route.",
    "# TYPE smalltalk_requests_total counter",
    ...[...requests].map(([route, count]) => `smalltalk_requests_total{route="${route}"} ${count}`),
    "# HELP smalltalk_sessions_created_total Sessions created.",
    "# TYPE smalltalk_sessions_created_total counter",
    `smalltalk_sessions_created_total ${sessionsCreated}`,
    "# HELP smalltalk_uptime_seconds Seconds since the process started.",
    "# TYPE smalltalk_uptime_seconds gauge",
    `smalltalk_uptime_seconds ${uptimeSeconds()}`,
    "# HELP smalltalk_memory_usage_bytes Resident set size.",
    "# TYPE smalltalk_memory_usage_bytes gauge",
    `smalltalk_memory_usage_bytes ${process.memoryUsage().rss}`,
  ];
  return `${lines.join("\n")}\n`;
}
