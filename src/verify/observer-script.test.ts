import { createHash } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { observeFromHost, parseObservations, type ObserveRequest } from "./observe.js";
import { createTcpServer, listen, type TestServer } from "./test-servers.js";

// The observer script on its own: raw observations (no judging) against local servers that
// misbehave in the ways real apps do. It runs the same text in containers on the project network.

const servers: TestServer[] = [];
afterEach(async () => Promise.all(servers.splice(0).map((server) => server.close())));

async function serve(handler: Parameters<typeof createServer>[1], upgrade?: (request: IncomingMessage, socket: Socket) => void): Promise<number> {
  const server = createServer(handler);
  if (upgrade) server.on("upgrade", upgrade);
  const listening = await listen(server);
  servers.push(listening);
  return listening.port;
}

const http = (port: number, path: string, extra: Partial<Extract<ObserveRequest, { kind: "http" }>> = {}): ObserveRequest => ({ id: path, kind: "http", url: `http://127.0.0.1:${port}${path}`, method: "GET", headers: {}, timeoutMs: 2_000, ...extra });
const ws = (port: number, path: string, extra: Partial<Extract<ObserveRequest, { kind: "websocket" }>> = {}): ObserveRequest => ({ id: path, kind: "websocket", url: `ws://127.0.0.1:${port}${path}`, socketio: false, timeoutMs: 2_000, ...extra });

/** A server frame (unmasked unless a mask is given), with the 16-bit length form above 125 bytes. */
function frame(opcode: number, payload: Buffer, mask?: Buffer): Buffer {
  const length = payload.length < 126 ? Buffer.from([0x80 | opcode, (mask ? 0x80 : 0) | payload.length]) : Buffer.from([0x80 | opcode, (mask ? 0x80 : 0) | 126, payload.length >> 8, payload.length & 0xff]);
  if (!mask) return Buffer.concat([length, payload]);
  return Buffer.concat([length, mask, Buffer.from(payload.map((byte, i) => byte ^ (mask[i % 4] as number)))]);
}

/** Client frames of one chunk, unmasked (both length forms). */
function clientPayloads(chunk: Buffer): string[] {
  const texts: string[] = [];
  for (let at = 0; at < chunk.length; ) {
    let length = (chunk[at + 1] as number) & 0x7f;
    let offset = at + 2;
    if (length === 126) {
      length = chunk.readUInt16BE(at + 2);
      offset += 2;
    }
    const mask = chunk.subarray(offset, offset + 4);
    texts.push(Buffer.from(chunk.subarray(offset + 4, offset + 4 + length).map((byte, i) => byte ^ (mask[i % 4] as number))).toString("utf8"));
    at = offset + 4 + length;
  }
  return texts;
}

function accept(request: IncomingMessage, socket: Socket, acceptKey?: string): void {
  const key = request.headers["sec-websocket-key"] ?? "";
  const value = acceptKey ?? createHash("sha1").update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest("base64");
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${value}\r\n\r\n`);
}

describe("the observer script: http", () => {
  it("reports status, headers and the body, cut at 4096 characters, in request order", async () => {
    const port = await serve((request, response) => {
      if (request.url === "/big") return response.end("x".repeat(10_000));
      response.writeHead(201, "Made", { "X-Version": "7" });
      response.end(`${request.method} ${request.headers["x-probe"] ?? ""} ${request.url}`);
    });
    const [big, posted] = await observeFromHost([http(port, "/big"), http(port, "/post", { method: "POST", headers: { "X-Probe": "yes" }, body: "hi" })]);
    expect(big).toMatchObject({ id: "/big", status: 200 });
    expect(big?.body).toHaveLength(4096);
    expect(posted).toMatchObject({ id: "/post", status: 201, statusText: "Made", body: "POST yes /post" });
    expect(posted?.headers?.["x-version"]).toBe("7");
    expect(posted?.firstByteMs).toBeGreaterThanOrEqual(0);
  });

  it("times out on a server that never answers, and names the refusal of a closed port", async () => {
    const port = await serve(() => undefined);
    const closed = await listen(createServer());
    await closed.close();
    const [hung, refused] = await observeFromHost([http(port, "/hang", { timeoutMs: 300 }), http(closed.port, "/closed")]);
    expect(hung).toMatchObject({ error: "timed out after 300 ms" });
    expect(hung?.status).toBeUndefined();
    expect(refused?.error).toMatch(/^ECONNREFUSED: /);
  });
});

describe("the observer script: websocket", () => {
  it("round-trips a message longer than 125 bytes both ways (16-bit lengths, masked out)", async () => {
    const port = await serve(undefined, (request, socket) => {
      accept(request, socket);
      socket.on("data", (chunk: Buffer) => {
        for (const text of clientPayloads(chunk)) socket.write(frame(1, Buffer.from(`echo:${text}`)));
      });
    });
    const long = "m".repeat(300);
    const [seen] = await observeFromHost([ws(port, "/echo", { send: long })]);
    expect(seen).toMatchObject({ upgraded: true, status: 101, acceptValid: true, sent: long, received: [`echo:${long}`] });
    expect(seen?.roundTripMs).toBeGreaterThanOrEqual(seen?.upgradeMs ?? 0);
  });

  it("unmasks a masked server frame, and reads a frame split over two packets", async () => {
    const port = await serve(undefined, (request, socket) => {
      accept(request, socket);
      socket.on("data", () => {
        const whole = frame(1, Buffer.from("hello from a masked server"), Buffer.from([1, 2, 3, 4]));
        socket.write(whole.subarray(0, 5));
        setTimeout(() => socket.write(whole.subarray(5)), 50);
      });
    });
    const [seen] = await observeFromHost([ws(port, "/split", { send: "go" })]);
    expect(seen).toMatchObject({ received: ["hello from a masked server"] });
  });

  it("reports a close frame's code, a wrong accept key, and a server that closes the connection", async () => {
    const port = await serve(undefined, (request, socket) => {
      if (request.url === "/bad-accept") return accept(request, socket, "not-the-right-key");
      accept(request, socket);
      if (request.url === "/close") socket.on("data", () => socket.write(frame(8, Buffer.from([0x03, 0xe8]))));
      if (request.url === "/drop") socket.on("data", () => socket.destroy());
    });
    const [closed, badAccept, dropped] = await observeFromHost([ws(port, "/close", { send: "x" }), ws(port, "/bad-accept"), ws(port, "/drop", { send: "x" })]);
    expect(closed).toMatchObject({ upgraded: true, closedCode: 1000 });
    expect(badAccept).toMatchObject({ upgraded: true, acceptValid: false });
    expect(dropped).toMatchObject({ upgraded: true, error: "connection closed by the server" });
  });

  it("reports a plain HTTP answer to an upgrade request, and says which wait timed out", async () => {
    const plain = await serve((_request, response) => {
      response.writeHead(426, { "Content-Type": "text/plain" });
      response.end("upgrade required");
    });
    const upgrading = await serve(undefined, (request, socket) => accept(request, socket));
    const stalled = await serve(() => undefined);
    const [refused, silent, hung] = await observeFromHost([
      { ...ws(plain, "/plain"), url: `http://127.0.0.1:${plain}/plain` } as ObserveRequest,
      ws(upgrading, "/silent", { send: "anyone?", timeoutMs: 300 }),
      ws(stalled, "/hung", { timeoutMs: 300 }),
    ]);
    expect(refused).toMatchObject({ upgraded: false, status: 426, body: "upgrade required" });
    expect(silent).toMatchObject({ upgraded: true, error: "timed out after 300 ms waiting for a message" });
    expect(hung).toMatchObject({ upgraded: false, error: "timed out after 300 ms waiting for the upgrade" });
  });

  it("speaks Socket.IO: asks for EIO 4 over websocket, answers the open packet and a ping, and ends on the namespace connect", async () => {
    let url = "";
    const port = await serve(undefined, (request, socket) => {
      url = request.url ?? "";
      accept(request, socket);
      socket.write(frame(1, Buffer.from('0{"sid":"a"}')));
      socket.on("data", (chunk: Buffer) => {
        for (const text of clientPayloads(chunk)) {
          if (text === "40") socket.write(frame(1, Buffer.from("2")));
          if (text === "3") socket.write(frame(1, Buffer.from('40{"sid":"b"}')));
        }
      });
    });
    const [seen] = await observeFromHost([ws(port, "/socket.io/", { socketio: true })]);
    expect(url).toMatch(/EIO=4/);
    expect(url).toMatch(/transport=websocket/);
    expect(seen).toMatchObject({ upgraded: true, sent: "40", received: ['0{"sid":"a"}', "2", '40{"sid":"b"}'] });
  });
});

describe("the observer script: tcp", () => {
  it("connects, and names the refusal of a closed port", async () => {
    const tcp = await listen(createTcpServer((socket) => socket.end()));
    servers.push(tcp);
    const closed = await listen(createTcpServer());
    await closed.close();
    const [open, refused] = await observeFromHost([
      { id: "open", kind: "tcp", host: "127.0.0.1", port: tcp.port, timeoutMs: 2_000 },
      { id: "closed", kind: "tcp", host: "127.0.0.1", port: closed.port, timeoutMs: 2_000 },
    ]);
    expect(open).toMatchObject({ connected: true, remote: `127.0.0.1:${tcp.port}` });
    expect(refused?.connected).toBeUndefined();
    expect(refused?.error).toMatch(/^ECONNREFUSED: /);
  });
});

describe("parseObservations", () => {
  it("matches the observer's line back to the requests and names what it left out", () => {
    const requests = [{ id: "a", kind: "tcp", host: "h", port: 1, timeoutMs: 1 }, { id: "b", kind: "tcp", host: "h", port: 2, timeoutMs: 1 }] as const;
    const parsed = parseObservations('noise\n[{"id":"b","elapsedMs":3,"connected":true}]\n', requests);
    expect(parsed).toEqual([{ id: "a", elapsedMs: 0, error: "the observer returned nothing for this probe" }, { id: "b", elapsedMs: 3, connected: true }]);
  });
});
