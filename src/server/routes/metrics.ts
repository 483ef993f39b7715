import { Hono } from "hono";
import { collectMetrics } from "../metrics/collect-metrics.js";
import { prometheusContentType, renderPrometheusText } from "../metrics/prom-text.js";
import type { ServerContext } from "../server-context.js";

/** `GET /metrics`: every served project in Prometheus text format, read fresh at each scrape. */
export function metricsRoute(context: ServerContext): Hono {
  const route = new Hono();
  route.get("/", async (c) => {
    const text = renderPrometheusText(await collectMetrics(context.engine, [...context.projects.values()], context.swarm));
    c.header("Content-Type", prometheusContentType);
    return c.body(redactAll(context, text));
  });
  return route;
}

// Labels are service and probe names, but a probe name is user text: redact with every project's secrets.
function redactAll(context: ServerContext, text: string): string {
  return [...context.projects.values()].reduce((out, served) => served.redactor.text(out), text);
}
