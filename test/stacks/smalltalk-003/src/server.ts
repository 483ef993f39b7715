// Entry point: connect, serve the API and the health server, drain on SIGTERM/SIGINT.
import type { Server } from "node:http";
import { createApiServer } from "./api.js";
import { config } from "./config.js";
import { createHealthServer, startDraining } from "./health-server.js";
import { cache, db } from "./store.js";

function listen(server: Server, port: number, name: string): Promise<void> {
  return new Promise((resolve) => server.listen(port, "0.0.0.0", () => {
    console.log(`smalltalk: ${name} listening on :${port}`);
    resolve();
  }));
}

async function main(): Promise<void> {
  await cache.connect();
  const api = createApiServer();
  const health = createHealthServer();
  await listen(api, config.apiPort, "api");
  await listen(health, config.healthPort, "health/metrics");
  const shutdown = (signal: string) => {
    console.log(`smalltalk: ${signal}, draining`);
    startDraining();
    api.close(() => {
      health.close();
      void Promise.allSettled([db.end(), cache.quit()]).then(() => process.exit(0));
    });
    setTimeout(() => process.exit(1), 8000).unref();
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

main().catch((error: Error) => {
  console.error(`smalltalk: failed to start: ${error.message}`);
  process.exit(1);
});
