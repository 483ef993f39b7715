import { parseDuration } from "../../compose/format/duration.js";
import { defineRule } from "../rule.js";

/** A compose duration in milliseconds, read by berth's one Go-duration parser; undefined when unparsable. */
export function durationMs(text: string | undefined): number | undefined {
  const nanos = text === undefined ? undefined : parseDuration(text);
  return nanos === undefined ? undefined : nanos / 1e6;
}

export const healthcheckTiming = defineRule({
  id: "healthcheck-timing",
  group: "compose",
  severity: "info",
  title: "Healthcheck timing that cannot work as meant",
  doc: {
    why: "A `timeout` at or above the `interval` lets probes pile up; a slow starter without `start_period` burns its retries while booting and is marked unhealthy (\"stuck in starting\", then restarted).",
    example: "healthcheck:\n  test: [\"CMD\", \"curl\", \"-f\", \"http://localhost:8000/health\"]\n  interval: 5s\n  timeout: 10s",
    fix: "Keep `timeout` below `interval`, and set `start_period` to the app's boot time.",
  },
  check(context, report) {
    for (const view of context.services) {
      const health = view.service.healthcheck;
      const interval = durationMs(health?.interval) ?? 30_000;
      const timeout = durationMs(health?.timeout) ?? 30_000;
      if (!health?.test || health.timeout === undefined || timeout < interval) continue;
      report({ at: context.locate(["services", view.name, "healthcheck", "timeout"]), message: `healthcheck timeout (${health.timeout}) is not shorter than its interval (${health.interval ?? "30s"})`, hint: "make the timeout shorter than the interval" });
    }
  },
});
