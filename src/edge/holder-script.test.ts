import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createServer, request, type Server } from "node:http";
import { connect, createServer as createTcpServer, type AddressInfo, type Server as TcpServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { holderScript } from "./holder-script.js";

// The holder runs here with the local node, as it runs in its container, against real sockets on
// loopback addresses: 127.0.0.1 and 127.0.0.2 stand for two containers of the service.

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function freePort(): Promise<number> {
  const probe = createTcpServer();
  probe.listen(0, "127.0.0.1");
  await once(probe, "listening");
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function app(host: string, port: number, name: string): Promise<Server> {
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ name, method: req.method, url: req.url, body, forwardedFor: req.headers["x-forwarded-for"] ?? null }));
    });
  });
  server.listen(port, host);
  await once(server, "listening");
  cleanups.push(() => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))));
  return server;
}

async function holder(target: string, listen: number, upstream: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["-e", holderScript], { env: { PATH: process.env["PATH"] ?? "", BERTH_EDGE_TARGET: target, BERTH_EDGE_PORTS: `${listen}:${upstream}` } });
  cleanups.push(() => void child.kill("SIGKILL"));
  let out = "";
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => (out += chunk.toString()).includes("listening") && resolve());
    child.once("exit", (code) => reject(new Error(`holder exited ${code}`)));
  });
  return child;
}

interface Answer {
  readonly status: number;
  readonly json: { name: string; method: string; url: string; body: string; forwardedFor: string | null };
}

/** One request over a kept-alive connection (the agent is shared by the requests of a test). */
function ask(port: number, options: { method?: string; path?: string; body?: string; agent?: import("node:http").Agent } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, method: options.method ?? "GET", path: options.path ?? "/", agent: options.agent }, (res) => {
      let text = "";
      res.on("data", (chunk: Buffer) => (text += chunk.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, json: res.statusCode === 200 ? JSON.parse(text) : { name: text } }));
    });
    req.on("error", reject);
    req.end(options.body);
  });
}

describe("edge port holder", () => {
  it("proxies HTTP requests, bodies and all, and says who asked", async () => {
    const [upstream, listen] = [await freePort(), await freePort()];
    await app("127.0.0.1", upstream, "a");
    await holder("127.0.0.1", listen, upstream);
    const answer = await ask(listen, { method: "POST", path: "/api/notes?x=1", body: "hello" });
    expect(answer).toEqual({ status: 200, json: { name: "a", method: "POST", url: "/api/notes?x=1", body: "hello", forwardedFor: "127.0.0.1" } });
  });

  it("tries the next address when one refuses: a stopped container costs no request", async () => {
    const [upstream, listen] = [await freePort(), await freePort()];
    await app("127.0.0.2", upstream, "b");
    await holder("127.0.0.1,127.0.0.2", listen, upstream);
    const answers = await Promise.all(Array.from({ length: 20 }, () => ask(listen)));
    expect(answers.map((a) => `${a.status} ${a.json.name}`)).toEqual(Array.from({ length: 20 }, () => "200 b"));
  });

  it("keeps the client's connection across a replacement: requests on it reach the new container", async () => {
    const [upstream, listen] = [await freePort(), await freePort()];
    const old = await app("127.0.0.1", upstream, "old");
    await holder("127.0.0.1,127.0.0.2", listen, upstream);
    const { Agent } = await import("node:http");
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    cleanups.push(() => agent.destroy());
    expect((await ask(listen, { agent })).json.name).toBe("old");
    await app("127.0.0.2", upstream, "new");
    await new Promise<void>((resolve) => (old.closeAllConnections(), old.close(() => resolve())));
    const after = await Promise.all(Array.from({ length: 10 }, () => ask(listen, { agent })));
    expect(after.map((a) => a.json.name)).toEqual(Array.from({ length: 10 }, () => "new"));
  });

  it("answers 502 naming the target when nothing answers within its retry window", async () => {
    const [upstream, listen] = [await freePort(), await freePort()];
    await holder("127.0.0.1", listen, upstream);
    const started = Date.now();
    const answer = await ask(listen);
    expect(answer.status).toBe(502);
    expect(answer.json.name).toBe(`edge: no container of 127.0.0.1 answered on port ${upstream}\n`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(4000);
  }, 15_000);

  it("forwards other protocols byte for byte, also when the server speaks first", async () => {
    const [upstream, listen] = [await freePort(), await freePort()];
    const echo: TcpServer = createTcpServer((socket) => (socket.write("hello\n"), socket.pipe(socket)));
    echo.listen(upstream, "127.0.0.2");
    await once(echo, "listening");
    cleanups.push(() => new Promise<void>((resolve) => echo.close(() => resolve())));
    await holder("127.0.0.1,127.0.0.2", listen, upstream);
    const socket = connect(listen, "127.0.0.1");
    cleanups.push(() => void socket.destroy());
    let seen = "";
    socket.on("data", (chunk: Buffer) => (seen += chunk.toString()));
    await new Promise((resolve) => setTimeout(resolve, 600));
    socket.write("\x16\x03\x01binary");
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(seen).toBe("hello\n\x16\x03\x01binary");
  });

  it("forwards an upgrade (websocket) and then the raw stream", async () => {
    const [upstream, listen] = [await freePort(), await freePort()];
    const server = createServer();
    server.on("upgrade", (req, socket) => {
      socket.write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n");
      socket.write(`path ${req.url}\n`);
      socket.pipe(socket);
    });
    server.listen(upstream, "127.0.0.1");
    await once(server, "listening");
    cleanups.push(() => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))));
    await holder("127.0.0.1", listen, upstream);
    const socket = connect(listen, "127.0.0.1");
    cleanups.push(() => void socket.destroy());
    let seen = "";
    socket.on("data", (chunk: Buffer) => (seen += chunk.toString()));
    socket.write("GET /socket.io/?transport=websocket HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n");
    await new Promise((resolve) => setTimeout(resolve, 300));
    socket.write("ping");
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(seen).toContain("101 Switching Protocols");
    expect(seen).toContain("path /socket.io/?transport=websocket\nping");
  });

  it("refuses to start without a target or ports", async () => {
    const child = spawn(process.execPath, ["-e", holderScript], { env: { PATH: process.env["PATH"] ?? "" } });
    let err = "";
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    const [code] = (await once(child, "exit")) as [number];
    expect(code).toBe(2);
    expect(err).toBe("edge: BERTH_EDGE_TARGET and BERTH_EDGE_PORTS are required\n");
  });
});
