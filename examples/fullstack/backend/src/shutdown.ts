import type { Server as HttpServer } from "node:http";
import type { Logger } from "./log.js";

export interface Resource {
  name: string;
  close: () => Promise<unknown>;
}

export interface ShutdownOptions {
  server: HttpServer;
  /** Closed first: websocket clients are told to go (they reconnect to another replica). */
  disconnectClients: () => void;
  /** Closed last, after the last in-flight request: pools, Redis clients. */
  resources: Resource[];
  drainDelayMs: number;
  timeoutMs: number;
  log: Logger;
  exit: (code: number) => void;
}

/**
 * Graceful stop on SIGTERM: mark not ready, optionally wait drainDelayMs (a proxy still holding
 * the old address gets answers), stop accepting, let in-flight requests finish, close the
 * dependencies, exit 0. If that takes longer than timeoutMs, exit 1 (before Docker's SIGKILL).
 */
export function createShutdown(options: ShutdownOptions): { begin: (signal: string) => Promise<void>; isDraining: () => boolean } {
  let draining = false;
  const begin = async (signal: string): Promise<void> => {
    if (draining) return;
    draining = true;
    const started = Date.now();
    options.log.info("shutdown started", { signal });
    const force = setTimeout(() => {
      options.log.error("shutdown timed out; exiting", { timeoutMs: options.timeoutMs });
      options.exit(1);
    }, options.timeoutMs);
    force.unref();
    await delay(options.drainDelayMs);
    options.disconnectClients();
    await closeServer(options.server);
    for (const resource of options.resources) await closeQuietly(resource, options.log);
    clearTimeout(force);
    options.log.info("shutdown complete", { ms: Date.now() - started });
    options.exit(0);
  };
  return { begin, isDraining: () => draining };
}

function closeServer(server: HttpServer): Promise<void> {
  return new Promise((resolve) => {
    // close() only stops accepting; a keep-alive socket would hold it open until the client's
    // idle timeout. Sweep sockets as soon as their in-flight request is answered.
    const sweep = setInterval(() => server.closeIdleConnections(), 50);
    server.close(() => {
      clearInterval(sweep);
      resolve();
    });
    server.closeIdleConnections();
  });
}

async function closeQuietly(resource: Resource, log: Logger): Promise<void> {
  try {
    await resource.close();
  } catch (error) {
    log.error("close failed", { resource: resource.name, error: String(error) });
  }
}

function delay(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
