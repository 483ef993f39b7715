import type { RequestHandler } from "express";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

export interface Metrics {
  registry: Registry;
  notesCreated: Counter;
  socketClients: Gauge;
  middleware: RequestHandler;
}

/** Prometheus metrics of one backend process (its own registry: tests create many). */
export function createMetrics(version: string): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels({ app: "fullstack-backend" });
  collectDefaultMetrics({ register: registry });
  new Gauge({ name: "app_info", help: "Backend version", labelNames: ["version"], registers: [registry] })
    .set({ version }, 1);
  const requests = new Histogram({
    name: "http_request_duration_seconds",
    help: "HTTP request duration by route and status",
    labelNames: ["method", "route", "status"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  return {
    registry,
    notesCreated: new Counter({ name: "notes_created_total", help: "Notes created", registers: [registry] }),
    socketClients: new Gauge({
      name: "socketio_connected_clients",
      help: "Socket.IO clients connected to this process",
      registers: [registry],
    }),
    middleware: (req, res, next) => {
      const stop = requests.startTimer({ method: req.method });
      // The matched route pattern, not the raw path: keeps label cardinality bounded.
      res.on("finish", () => {
        const route = req.route ? `${req.baseUrl}${String(req.route.path)}` : "unmatched";
        stop({ route, status: String(res.statusCode) });
      });
      next();
    },
  };
}
