import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { createLogger } from "./log.js";
import { createShutdown } from "./shutdown.js";

/** A server whose /slow request takes 300 ms: stands in for an in-flight request at SIGTERM. */
async function slowServer(): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    setTimeout(() => res.end(req.url), req.url === "/slow" ? 300 : 0);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

function setup(server: Server, overrides: { timeoutMs?: number; closeDb?: () => Promise<unknown> } = {}) {
  const events: string[] = [];
  let exit: (code: number) => void = () => undefined;
  const exited = new Promise<number>((resolve) => (exit = resolve));
  const shutdown = createShutdown({
    server,
    disconnectClients: () => events.push("clients"),
    resources: [{ name: "db", close: overrides.closeDb ?? (async () => events.push("db")) }],
    drainDelayMs: 0,
    timeoutMs: overrides.timeoutMs ?? 5000,
    log: createLogger(() => undefined),
    exit: (code) => exit(code),
  });
  return { events, exited, shutdown };
}

describe("graceful shutdown", () => {
  it("finishes the in-flight request, refuses new connections, closes resources, exits 0", async () => {
    const { server, url } = await slowServer();
    const { events, exited, shutdown } = setup(server);
    expect(shutdown.isDraining()).toBe(false);
    const inFlight = fetch(`${url}/slow`).then((response) => response.text());
    await new Promise((resolve) => setTimeout(resolve, 50));
    void shutdown.begin("SIGTERM");
    expect(shutdown.isDraining()).toBe(true);
    await expect(fetch(`${url}/new`)).rejects.toThrow();
    expect(await inFlight).toBe("/slow");
    expect(await exited).toBe(0);
    expect(events).toEqual(["clients", "db"]);
  });

  it("exits 1 when closing takes longer than the timeout", async () => {
    const { server } = await slowServer();
    const { exited, shutdown } = setup(server, { timeoutMs: 100, closeDb: () => new Promise(() => undefined) });
    void shutdown.begin("SIGTERM");
    expect(await exited).toBe(1);
  });

  it("ignores a second signal", async () => {
    const { server } = await slowServer();
    const { events, exited, shutdown } = setup(server);
    void shutdown.begin("SIGTERM");
    void shutdown.begin("SIGINT");
    expect(await exited).toBe(0);
    expect(events.filter((event) => event === "clients")).toHaveLength(1);
  });
});
