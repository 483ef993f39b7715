import { Router } from "express";
import { hostname } from "node:os";
import type { Metrics } from "./metrics.js";
import { checkReadiness, type Probe } from "./readiness.js";

export interface OpsDeps {
  version: string;
  metrics: Metrics;
  probes: Record<string, Probe>;
  isDraining: () => boolean;
  probeTimeoutMs?: number;
}

/**
 * /health: liveness (the process answers). /ready: the dependencies answer and the process is
 * not draining. /metrics: Prometheus text. None of them is proxied by nginx: internal only.
 */
export function opsRouter(deps: OpsDeps): Router {
  const router = Router();
  const started = Date.now();
  router.get("/health", (_req, res) => {
    res.json({ status: "ok", version: deps.version, uptimeSeconds: Math.round((Date.now() - started) / 1000) });
  });
  router.get("/ready", async (_req, res) => {
    if (deps.isDraining()) {
      res.status(503).json({ ready: false, draining: true });
      return;
    }
    const readiness = await checkReadiness(deps.probes, deps.probeTimeoutMs ?? 2000);
    res.status(readiness.ready ? 200 : 503).json(readiness);
  });
  router.get("/metrics", async (_req, res) => {
    res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });
  router.get("/api/version", (_req, res) => {
    res.json({ version: deps.version, instance: hostname() });
  });
  return router;
}
