import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HttpProbe, TcpProbe, WebsocketProbe } from "./probe.js";
import { runNetworkProbes } from "./network-probes.js";
import { observeFromHost } from "./observe.js";
import { createTcpServer, listen, websocketServer, type TestServer } from "./test-servers.js";

let web: TestServer;
let tcp: TestServer;

beforeAll(async () => {
  web = await listen(
    websocketServer((request, response) => {
      if (request.url === "/health") return void response.writeHead(200, { "content-type": "application/json", "x-app": "demo" }).end('{"status":"ok","db":{"up":true}}');
      if (request.url === "/slow") return void setTimeout(() => response.end("late"), 300);
      if (request.url?.startsWith("/socket.io/")) return void response.writeHead(400, { "content-type": "application/json" }).end('{"code":3,"message":"Bad request"}');
      response.writeHead(502).end("<html>502 Bad Gateway</html>");
    }),
  );
  tcp = await listen(createTcpServer((socket) => socket.end()));
});
afterAll(async () => {
  await web.close();
  await tcp.close();
});

const http = (name: string, path: string, expect: Partial<HttpProbe["expect"]> = {}): HttpProbe => ({
  name,
  kind: "http",
  from: "host",
  method: "GET",
  url: `http://127.0.0.1:${web.port}${path}`,
  headers: {},
  timeoutMs: 3000,
  expect: { status: [], headers: {}, json: {}, bodyContains: [], ...expect },
});

describe("http probes", () => {
  it("pass with status, header, JSON path, body text and latency evidence", async () => {
    const [evidence] = await runNetworkProbes([http("health", "/health", { status: [200], headers: { "x-app": "dem" }, json: { "db.up": true, status: "ok" }, bodyContains: ['"ok"'], maxLatencyMs: 2000 })], observeFromHost);
    expect(evidence).toMatchObject({ ok: true, failures: [], facts: { status: 200, "content-type": "application/json" } });
    expect(evidence?.summary).toMatch(/^200 OK in \d+ ms$/);
    expect(evidence?.excerpt).toContain('"db"');
  });

  it("name every expectation that failed, with the body as evidence and a hint", async () => {
    const [evidence] = await runNetworkProbes([http("bad", "/nope", { status: [200], json: { status: "ok" } })], observeFromHost);
    expect(evidence?.ok).toBe(false);
    expect(evidence?.failures).toEqual(["expected status 200, got 502 Bad Gateway", 'expected a JSON body, got "<html>502 Bad Gateway</html>"']);
    expect(evidence?.hint).toMatch(/upstream/);
    expect(evidence?.excerpt).toContain("502 Bad Gateway");
  });

  it("fail on a latency bound and on a refused connection", async () => {
    const [slow, refused] = await runNetworkProbes([http("slow", "/slow", { maxLatencyMs: 50 }), { ...http("down", "/"), url: "http://127.0.0.1:1/" }], observeFromHost);
    expect(slow?.failures[0]).toMatch(/^expected an answer within 50 ms, took \d+ ms$/);
    expect(refused?.failures[0]).toMatch(/^no HTTP answer: ECONNREFUSED/);
    expect(refused?.hint).toMatch(/published on 127.0.0.1/);
  });
});

const ws = (name: string, path: string, extra: Partial<WebsocketProbe> = {}): WebsocketProbe => ({
  name,
  kind: "websocket",
  from: "host",
  url: `ws://127.0.0.1:${web.port}${path}`,
  socketio: false,
  timeoutMs: 3000,
  ...extra,
});

describe("websocket probes", () => {
  it("upgrade and round-trip a message", async () => {
    const [evidence] = await runNetworkProbes([ws("echo", "/echo", { send: "hello", expect: "echo:hello" })], observeFromHost);
    expect(evidence).toMatchObject({ ok: true, facts: { upgraded: true, status: 101 } });
    expect(evidence?.excerpt).toBe("echo:hello");
  });

  it("count Socket.IO's handshake (open packet, namespace connect answered)", async () => {
    const [evidence] = await runNetworkProbes([ws("sio", "/socket.io/", { socketio: true })], observeFromHost);
    expect(evidence?.ok).toBe(true);
    expect(evidence?.excerpt).toContain('40{"sid":"def"}');
  });

  it("explain a non-upgrade answer", async () => {
    const [evidence] = await runNetworkProbes([ws("plain", "/nope")], observeFromHost);
    expect(evidence?.ok).toBe(false);
    expect(evidence?.failures).toEqual(["expected the upgrade (101 Switching Protocols), got 400 Bad Request"]);
    expect(evidence?.excerpt).toBe('{"code":3,"message":"Bad request"}');
    expect(evidence?.hint).toMatch(/proxy_set_header Upgrade \$http_upgrade/);
  });
});

describe("tcp probes", () => {
  const probe = (port: number): TcpProbe => ({ name: `tcp-${port}`, kind: "tcp", from: "host", host: "127.0.0.1", port, timeoutMs: 2000 });
  it("pass when the port accepts and fail when it refuses", async () => {
    const [open, closed] = await runNetworkProbes([probe(tcp.port), probe(1)], observeFromHost);
    expect(open).toMatchObject({ ok: true, summary: expect.stringMatching(/^connected in \d+ ms$/) });
    expect(closed?.failures[0]).toMatch(/^could not connect: ECONNREFUSED/);
  });
});

describe("an observer that cannot run", () => {
  it("fails every probe of its batch with the reason", async () => {
    const evidence = await runNetworkProbes([ws("a", "/echo")], () => Promise.reject(new Error("image node:20 not found")));
    expect(evidence[0]).toMatchObject({ ok: false, failures: ["expected the upgrade (101 Switching Protocols), got the observer could not run: image node:20 not found"] });
  });
});

describe("the WebSocket handshake", () => {
  it("computes Sec-WebSocket-Accept as RFC 6455 section 1.3 does", async () => {
    const { createHash } = await import("node:crypto");
    const accept = createHash("sha1").update(`dGhlIHNhbXBsZSBub25jZQ==${"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"}`).digest("base64");
    expect(accept).toBe("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    const { observerScript } = await import("./observer-script.js");
    expect(observerScript).toContain("258EAFA5-E914-47DA-95CA-C5AB0DC85B11");
  });
});
