import type { Server as HttpServer } from "node:http";
import { Server } from "socket.io";
import type { Metrics } from "./http/metrics.js";
import type { NoteBus } from "./notes/ports.js";

/**
 * The live half of the feature: every note published on the bus (by any replica) is emitted to
 * this process's sockets as "note:created". Clients refetch the list on (re)connect, so a
 * reconnect during a rolling update loses nothing.
 */
export async function attachRealtime(server: HttpServer, bus: NoteBus, metrics: Metrics): Promise<Server> {
  const io = new Server(server, { serveClient: false, pingInterval: 10_000, pingTimeout: 5_000 });
  io.on("connection", (socket) => {
    metrics.socketClients.inc();
    socket.on("disconnect", () => metrics.socketClients.dec());
  });
  await bus.subscribe((event) => io.emit("note:created", event));
  return io;
}
