import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { createServer as createTcpServer } from "node:net";
import type { AddressInfo, Socket } from "node:net";

/** Small local servers for the probe tests (test support only, never shipped in a command path). */
export interface TestServer {
  readonly port: number;
  close(): Promise<void>;
}

export async function listen(server: Server | ReturnType<typeof createTcpServer>): Promise<TestServer> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const connections = new Set<Socket>();
  server.on("connection", (socket: Socket) => connections.add(socket));
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      connections.forEach((socket) => socket.destroy());
    });
  return { port, close };
}

/** Unmasked server frame with a text payload. */
function serverFrame(text: string): Buffer {
  const payload = Buffer.from(text);
  return Buffer.concat([Buffer.from([0x81, payload.length]), payload]);
}

/** Decodes the client's masked text frames in one chunk (enough for short test messages). */
function clientTexts(chunk: Buffer): string[] {
  const texts: string[] = [];
  let at = 0;
  while (at + 6 <= chunk.length) {
    const length = chunk[at + 1]! & 0x7f;
    const mask = chunk.subarray(at + 2, at + 6);
    const payload = Buffer.from(chunk.subarray(at + 6, at + 6 + length));
    for (let i = 0; i < payload.length; i++) payload[i] = payload[i]! ^ mask[i % 4]!;
    texts.push(payload.toString("utf8"));
    at += 6 + length;
  }
  return texts;
}

function acceptUpgrade(request: IncomingMessage, socket: Socket): void {
  const key = request.headers["sec-websocket-key"] ?? "";
  const accept = createHash("sha1").update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest("base64");
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
}

/**
 * An HTTP server with a WebSocket echo at /echo and a fake Engine.IO/Socket.IO endpoint at
 * /socket.io/ (open packet, then answers the namespace connect), like the flagship's backend.
 */
export function websocketServer(handler: Parameters<typeof createServer>[1]): Server {
  const server = createServer(handler);
  server.on("upgrade", (request: IncomingMessage, socket: Socket) => {
    if (!/^\/(echo|socket\.io\/)/.test(request.url ?? "")) return refuseUpgrade(socket);
    acceptUpgrade(request, socket);
    const socketio = (request.url ?? "").startsWith("/socket.io/");
    if (socketio) socket.write(serverFrame('0{"sid":"abc","pingInterval":25000}'));
    socket.on("data", (chunk: Buffer) => {
      for (const text of clientTexts(chunk)) socket.write(serverFrame(socketio ? (text === "40" ? '40{"sid":"def"}' : "") : `echo:${text}`));
    });
  });
  return server;
}

// What Engine.IO answers a websocket request that arrives without its Upgrade headers.
function refuseUpgrade(socket: Socket): void {
  const body = '{"code":3,"message":"Bad request"}';
  socket.end(`HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
}

export { createTcpServer };
