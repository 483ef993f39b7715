// The separate health and metrics server (port 3001 by default), as in report 003's
// HealthServer.ts: /healthz (alive), /ready (dependencies answer, not draining), /health (all of
// it as JSON) and /metrics (Prometheus). The API port never serves these, and this port serves
// nothing else, so it can be scraped and probed without exposing the API.
import { createServer, type Server } from "node:http";
import { renderMetrics, uptimeSeconds } from "./metrics.js";
import { sendJson } from "./http-util.js";
import { cache, db } from "./store.js";

let draining = false;

export function startDraining(): void {
  draining = true;
}

type Check = { status: "up" | "down"; message?: string };

async function check(probe: () => Promise<unknown>): Promise<Check> {
  try {
    await probe();
    return { status: "up" };
  } catch (error) {
    return { status: "down", message: (error as Error).message };
  }
}

async function dependencies(): Promise<Record<string, Check>> {
  const [postgres, redis] = await Promise.all([check(() => db.query("SELECT 1")), check(() => cache.ping())]);
  return { postgres, redis };
}

export function createHealthServer(): Server {
  return createServer((request, response) => {
    const path = (request.url ?? "/").split("?")[0];
    if (path === "/healthz") return sendJson(response, 200, { status: "alive" });
    if (path === "/metrics") {
      response.writeHead(200, { "Content-Type": "text/plain; version=0.0.4" });
      return response.end(renderMetrics());
    }
    if (path === "/ready" || path === "/health") {
      void dependencies().then((services) => {
        const up = !draining && Object.values(services).every((c) => c.status === "up");
        const body = path === "/ready" ? { ready: up } : { status: up ? "healthy" : "unhealthy", uptime: uptimeSeconds(), draining, services };
        sendJson(response, up ? 200 : 503, body);
      });
      return;
    }
    sendJson(response, 404, { error: `no health route ${path}` });
  });
}
