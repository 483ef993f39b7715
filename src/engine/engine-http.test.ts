import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { createServer as createNetServer, type AddressInfo, type Server as NetServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { EngineEndpoint } from "./docker-host.js";
import { EngineHttp, EngineHttpFailure, queryString } from "./engine-http.js";
import { toEngineError } from "./engine-errors.js";

// The transport against real servers on a unix socket (and TCP with TLS): no mock of http.

interface Received {
  readonly method: string;
  readonly url: string;
  readonly contentType: string | undefined;
  readonly body: string;
}

const servers: (Server | NetServer)[] = [];
const folders: string[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) {
    if ("closeAllConnections" in server) server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function tempFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), "berth-engine-http-"));
  folders.push(folder);
  return folder;
}

async function bodyOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** An HTTP server on a fresh unix socket; every request is recorded, then answered by `answer`. */
async function socketServer(answer: (request: Received, response: ServerResponse) => void) {
  const socketPath = join(tempFolder(), "engine.sock");
  const received: Received[] = [];
  const server = createHttpServer((request, response) => {
    void bodyOf(request).then((body) => {
      const seen = { method: request.method ?? "", url: request.url ?? "", contentType: request.headers["content-type"], body };
      received.push(seen);
      answer(seen, response);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  const endpoint: EngineEndpoint = { kind: "socket", socketPath, display: `unix://${socketPath}` };
  return { endpoint, received };
}

const reply = (status: number, body?: string, type = "application/json") => (_: Received, response: ServerResponse) => {
  response.writeHead(status, body === undefined ? {} : { "Content-Type": type });
  response.end(body);
};

describe("queryString", () => {
  it("sends objects (filters) as JSON, scalars as text, and leaves undefined out", () => {
    expect(queryString({ all: true, t: 0, name: "a b", filters: { label: ["x=1"] }, gone: undefined })).toBe(
      "?all=true&t=0&name=a+b&filters=%7B%22label%22%3A%5B%22x%3D1%22%5D%7D",
    );
  });

  it("is empty without parameters", () => {
    expect(queryString(undefined)).toBe("");
    expect(queryString({ only: undefined })).toBe("");
  });
});

describe("EngineHttp on a unix socket", () => {
  it("prefixes the API version, sends the query, and parses the JSON answer", async () => {
    const { endpoint, received } = await socketServer(reply(200, '[{"Id":"c1"}]'));
    const http = new EngineHttp(endpoint, { version: "1.41" });
    expect(await http.json({ path: "/containers/json", query: { all: true, filters: { label: ["a=b"] } } })).toEqual([{ Id: "c1" }]);
    const url = new URL(received[0]?.url ?? "", "http://engine");
    expect(url.pathname).toBe("/v1.41/containers/json");
    expect(url.searchParams.get("all")).toBe("true");
    expect(JSON.parse(url.searchParams.get("filters") ?? "")).toEqual({ label: ["a=b"] });
    expect(received[0]?.method).toBe("GET");
  });

  it("speaks without a version prefix until one is negotiated, then with it", async () => {
    const { endpoint, received } = await socketServer(reply(200, '{"ApiVersion":"1.41"}'));
    const probe = new EngineHttp(endpoint);
    await probe.json({ path: "/version" });
    await probe.withVersion("1.41").json({ path: "/info" });
    expect(received.map((r) => r.url)).toEqual(["/version", "/v1.41/info"]);
  });

  it("sends an object as a JSON body", async () => {
    const { endpoint, received } = await socketServer(reply(201, '{"Id":"n1"}'));
    const created = await new EngineHttp(endpoint).json<{ Id: string }>({ method: "POST", path: "/networks/create", body: { Name: "shop_default", Labels: { a: "b" } } });
    expect(created.Id).toBe("n1");
    expect(received[0]).toMatchObject({ method: "POST", contentType: "application/json" });
    expect(JSON.parse(received[0]?.body ?? "")).toEqual({ Name: "shop_default", Labels: { a: "b" } });
  });

  it("sends a Buffer or a stream as it is", async () => {
    const { endpoint, received } = await socketServer(reply(200));
    const http = new EngineHttp(endpoint);
    await http.call({ method: "PUT", path: "/containers/c/archive", body: Buffer.from("tar bytes"), contentType: "application/x-tar" });
    await http.call({ method: "POST", path: "/build", body: Readable.from([Buffer.from("con"), Buffer.from("text")]) });
    expect(received.map((r) => [r.contentType, r.body])).toEqual([
      ["application/x-tar", "tar bytes"],
      ["application/octet-stream", "context"],
    ]);
  });

  it("gives undefined for an empty answer (204) and null for the engine's `null`", async () => {
    let answers = 0;
    const { endpoint } = await socketServer((request, response) => (++answers === 1 ? reply(204)(request, response) : reply(200, "null")(request, response)));
    const http = new EngineHttp(endpoint);
    expect(await http.json({ method: "POST", path: "/containers/c/start" })).toBeUndefined();
    expect(await http.json({ path: "/containers/c/changes" })).toBeNull();
  });

  it("rejects any other status with the engine's message, which toEngineError words as before", async () => {
    const { endpoint } = await socketServer(reply(404, '{"message":"No such container: web"}'));
    const failure = await new EngineHttp(endpoint).json({ path: "/containers/web/json" }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(EngineHttpFailure);
    expect(failure).toMatchObject({ statusCode: 404, json: { message: "No such container: web" }, message: "(HTTP code 404) Not Found - No such container: web" });
    expect(toEngineError(failure, "inspecting container web", endpoint.display)).toMatchObject({
      code: "engine.not-found",
      message: "inspecting container web: No such container: web (HTTP 404)",
    });
  });

  it("keeps a plain-text error body as the message, and 304 as a failure the caller may take as success", async () => {
    let answers = 0;
    const { endpoint } = await socketServer((request, response) => (++answers === 1 ? reply(500, "driver failed\n", "text/plain")(request, response) : reply(304)(request, response)));
    const http = new EngineHttp(endpoint);
    const failure = await http.call({ method: "POST", path: "/volumes/create" }).catch((error: unknown) => error);
    expect(toEngineError(failure, "creating volume v", endpoint.display).message).toBe("creating volume v: driver failed (HTTP 500)");
    await expect(http.call({ method: "POST", path: "/containers/c/start" })).rejects.toMatchObject({ statusCode: 304 });
  });

  it("hands over a stream as soon as the engine answers, and ends it quietly when the caller aborts", async () => {
    const { endpoint } = await socketServer((_, response) => {
      response.writeHead(200, { "Content-Type": "application/json" });
      response.write('{"Action":"start"}\n');
    });
    const stop = new AbortController();
    const stream = await new EngineHttp(endpoint).send({ path: "/events", signal: stop.signal });
    const first = await new Promise<string>((resolve) => stream.once("data", (chunk: Buffer) => resolve(chunk.toString())));
    expect(first).toBe('{"Action":"start"}\n');
    const closed = new Promise((resolve) => stream.once("close", resolve));
    stop.abort();
    await closed;
    expect(stream.destroyed).toBe(true);
  });

  it("turns an abort while the answer is read into an AbortError, which toEngineError calls cancelled", async () => {
    const { endpoint } = await socketServer((_, response) => {
      response.writeHead(200, { "Content-Type": "application/json" });
      response.write('{"StatusCode":');
    });
    const stop = new AbortController();
    const waiting = new EngineHttp(endpoint).json({ method: "POST", path: "/containers/c/wait", signal: stop.signal }).catch((error: unknown) => error);
    setTimeout(() => stop.abort(), 50);
    const failure = await waiting;
    expect(failure).toMatchObject({ name: "AbortError" });
    expect(toEngineError(failure, "waiting for container c", endpoint.display).code).toBe("engine.aborted");
  });

  it("gives up on an engine that does not answer within the timeout (ETIMEDOUT: unreachable)", async () => {
    const { endpoint } = await socketServer(() => {});
    const failure = await new EngineHttp(endpoint, { timeoutMs: 200 }).json({ path: "/version" }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: "ETIMEDOUT" });
    expect(toEngineError(failure, "asking the engine for its version", endpoint.display)).toMatchObject({
      code: "engine.unreachable",
      message: `cannot reach the Docker engine at ${endpoint.display} (ETIMEDOUT)`,
    });
  });

  it("reports a socket nobody listens on as unreachable, naming the endpoint", async () => {
    const socketPath = join(tempFolder(), "nobody.sock");
    const endpoint: EngineEndpoint = { kind: "socket", socketPath, display: `unix://${socketPath}` };
    const failure = await new EngineHttp(endpoint).json({ path: "/version" }).catch((error: unknown) => error);
    expect(toEngineError(failure, "asking the engine for its version", endpoint.display)).toMatchObject({
      code: "engine.unreachable",
      message: `cannot reach the Docker engine at ${endpoint.display} (ENOENT)`,
    });
  });

  it("reads an exec's output the way the engine sends it: 200, no length, raw frames until it closes the connection", async () => {
    const socketPath = join(tempFolder(), "raw.sock");
    const frames = Buffer.concat([frame(1, "out\n"), frame(2, "err\n")]);
    const server = createNetServer((socket) => {
      socket.once("data", () => {
        socket.write("HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.raw-stream\r\n\r\n");
        socket.end(frames);
      });
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    const endpoint: EngineEndpoint = { kind: "socket", socketPath, display: `unix://${socketPath}` };
    const body = await new EngineHttp(endpoint, { version: "1.41" }).buffer({ method: "POST", path: "/exec/e1/start", body: { Detach: false, Tty: false } });
    expect(body.equals(frames)).toBe(true);
  });
});

function frame(stream: 1 | 2, text: string): Buffer {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

// TLS as DOCKER_TLS_VERIFY asks for it: the server's certificate checked against ca.pem, and the
// client's certificate (cert.pem, key.pem) required by the server. Certificates made by openssl.
describe("EngineHttp over TCP with TLS", () => {
  let certs: { ca: Buffer; serverCert: Buffer; serverKey: Buffer; cert: Buffer; key: Buffer };

  beforeAll(() => {
    const dir = tempFolder();
    const ssl = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
    ssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca-key.pem", "-out", "ca.pem", "-days", "3650", "-subj", "/CN=berth test CA");
    writeFileSync(join(dir, "server.ext"), "subjectAltName=IP:127.0.0.1\n");
    ssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server-key.pem", "-out", "server.csr", "-subj", "/CN=127.0.0.1");
    ssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem", "-CAcreateserial", "-out", "server.pem", "-days", "3650", "-extfile", "server.ext");
    ssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "key.pem", "-out", "client.csr", "-subj", "/CN=berth client");
    ssl("x509", "-req", "-in", "client.csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem", "-CAcreateserial", "-out", "cert.pem", "-days", "3650");
    const read = (name: string) => readFileSync(join(dir, name));
    certs = { ca: read("ca.pem"), serverCert: read("server.pem"), serverKey: read("server-key.pem"), cert: read("cert.pem"), key: read("key.pem") };
  });

  async function tlsServer(): Promise<number> {
    const server = createHttpsServer({ key: certs.serverKey, cert: certs.serverCert, ca: certs.ca, requestCert: true, rejectUnauthorized: true }, (request, response) => {
      response.writeHead(200, { "Content-Type": "application/json" });
      response.end(JSON.stringify({ url: request.url, client: (request.socket as { getPeerCertificate?: () => { subject?: { CN?: string } } }).getPeerCertificate?.().subject?.CN }));
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return (server.address() as AddressInfo).port;
  }

  it("connects with the client certificate and checks the server's against ca.pem", async () => {
    const port = await tlsServer();
    const endpoint: EngineEndpoint = { kind: "tcp", host: "127.0.0.1", port, tls: { ca: certs.ca, cert: certs.cert, key: certs.key }, display: `tcp://127.0.0.1:${port}` };
    expect(await new EngineHttp(endpoint, { version: "1.41" }).json({ path: "/_ping" })).toEqual({ url: "/v1.41/_ping", client: "berth client" });
  });

  it("refuses a server whose certificate ca.pem did not sign", async () => {
    const port = await tlsServer();
    const endpoint: EngineEndpoint = { kind: "tcp", host: "127.0.0.1", port, tls: { cert: certs.cert, key: certs.key }, display: `tcp://127.0.0.1:${port}` };
    await expect(new EngineHttp(endpoint).json({ path: "/_ping" })).rejects.toMatchObject({ code: expect.stringMatching(/SELF_SIGNED|UNABLE_TO_VERIFY|CERT/) });
  });

  it("is refused by a server that requires a client certificate when it has none", async () => {
    const port = await tlsServer();
    const endpoint: EngineEndpoint = { kind: "tcp", host: "127.0.0.1", port, tls: { ca: certs.ca }, display: `tcp://127.0.0.1:${port}` };
    await expect(new EngineHttp(endpoint).json({ path: "/_ping" })).rejects.toBeDefined();
  });

  it("speaks plain HTTP to a TCP endpoint without TLS", async () => {
    const server = createHttpServer((request, response) => reply(200, JSON.stringify({ url: request.url }))({ method: "", url: "", contentType: undefined, body: "" }, response));
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    const endpoint: EngineEndpoint = { kind: "tcp", host: "127.0.0.1", port, display: `tcp://127.0.0.1:${port}` };
    expect(await new EngineHttp(endpoint).json({ path: "/version" })).toEqual({ url: "/version" });
  });
});
