import { afterEach, describe, expect, it } from "vitest";
import { io as connect, type Socket } from "socket.io-client";
import type { Server } from "socket.io";
import { attachRealtime } from "./realtime.js";
import type { NoteEvent } from "./notes/ports.js";
import { startTestApp, type TestApp } from "./test-support/harness.js";

let app: TestApp | undefined;
let io: Server | undefined;
const clients: Socket[] = [];
afterEach(async () => {
  clients.splice(0).forEach((client) => client.close());
  await io?.close();
  app = undefined;
  io = undefined;
});

function connectClient(url: string): Promise<Socket> {
  const socket = connect(url, { transports: ["websocket"], reconnection: false });
  clients.push(socket);
  return new Promise((resolve, reject) => {
    socket.on("connect", () => resolve(socket));
    socket.on("connect_error", reject);
  });
}

const nextNote = (socket: Socket) => new Promise<NoteEvent>((resolve) => socket.once("note:created", resolve));

describe("realtime", () => {
  it("pushes a note created over REST to every connected socket", async () => {
    app = await startTestApp();
    io = await attachRealtime(app.server, app.bus, app.metrics);
    const [alice, bob] = await Promise.all([connectClient(app.url), connectClient(app.url)]);
    const received = Promise.all([nextNote(alice), nextNote(bob)]);
    await fetch(`${app.url}/api/notes`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ text: "live!" }),
    });
    const events = await received;
    expect(events.map((event) => [event.note.text, event.notesCreated])).toEqual([["live!", 1], ["live!", 1]]);
  });

  it("counts connected clients in the socketio_connected_clients gauge", async () => {
    app = await startTestApp();
    io = await attachRealtime(app.server, app.bus, app.metrics);
    await connectClient(app.url);
    await connectClient(app.url);
    const gauge = await app.metrics.socketClients.get();
    expect(gauge.values[0]?.value).toBe(2);
  });
});
