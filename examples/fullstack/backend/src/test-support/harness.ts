import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createApp } from "../http/app.js";
import { createMetrics, type Metrics } from "../http/metrics.js";
import type { Probe } from "../http/readiness.js";
import { createLogger } from "../log.js";
import { memoryCounter, memoryNoteBus, memoryNoteStore } from "../notes/memory.js";
import type { NoteBus } from "../notes/ports.js";

export interface TestApp {
  url: string;
  server: Server;
  bus: NoteBus;
  metrics: Metrics;
  logs: string[];
  setDraining: (value: boolean) => void;
  close: () => Promise<void>;
}

/** The real Express app on an ephemeral port, with in-memory stand-ins for Postgres and Redis. */
export async function startTestApp(probes: Record<string, Probe> = { postgres: async () => 1 }): Promise<TestApp> {
  const logs: string[] = [];
  const bus = memoryNoteBus();
  const metrics = createMetrics("9.9.9-test");
  let draining = false;
  const app = createApp({
    log: createLogger((line) => logs.push(line)),
    notes: { store: memoryNoteStore(), counter: memoryCounter(), bus },
    ops: { version: "9.9.9-test", metrics, probes, isDraining: () => draining, probeTimeoutMs: 200 },
  });
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    bus,
    metrics,
    logs,
    setDraining: (value) => void (draining = value),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
