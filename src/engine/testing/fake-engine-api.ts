import { mkdtempSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectDockerEngine } from "../connect-docker-engine.js";

/*
 * A fake Engine API on a temp unix socket, for testing the DockerEngine without Docker: real
 * dockerode, real HTTP, the engine's replies (and odd ones) scripted per route.
 */

export interface Seen {
  readonly method: string;
  /** As sent, with the API version prefix. */
  readonly url: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly body: string;
}
export type Handler = (request: Seen, response: ServerResponse) => void;
/** Keys are `METHOD /path`, the path without its `/v1.xx` prefix. */
export type Routes = Record<string, Handler>;

export const json = (status: number, value: unknown): Handler => (_, response) => {
  response.writeHead(status, { "Content-Type": "application/json" });
  response.end(JSON.stringify(value));
};
export const empty = (status: number): Handler => (_, response) => {
  response.writeHead(status);
  response.end();
};
/** One frame of the engine's multiplexed stream: stdout 1, stderr 2. */
export const frame = (stream: 1 | 2, text: string): Buffer => {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
};
/** The `filters` query parameter of a request, parsed. */
export const filtersOf = (seen: Seen | undefined): unknown => JSON.parse(seen?.query.get("filters") ?? "{}");

const servers: Server[] = [];

/** Closes every fake API started so far (call it in afterEach). */
export async function closeFakeEngineApis(): Promise<void> {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

async function bodyOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** Starts a fake API with `routes` (unknown ones answer 404) and connects a DockerEngine to it. */
export async function fakeEngineApi(routes: Routes, version: Record<string, string> = { ApiVersion: "1.43", MinAPIVersion: "1.12" }) {
  const socketPath = join(mkdtempSync(join(tmpdir(), "berth-fake-api-")), "docker.sock");
  const seen: Seen[] = [];
  const all: Routes = { "GET /version": json(200, { Version: "24.0.7", Os: "linux", Arch: "amd64", KernelVersion: "6.1.0", ...version }), ...routes };
  const server = createServer((request, response) => {
    void bodyOf(request).then((body) => {
      const url = new URL(request.url ?? "/", "http://engine");
      const entry: Seen = { method: request.method ?? "", url: request.url ?? "", path: url.pathname.replace(/^\/v[\d.]+/, ""), query: url.searchParams, body };
      seen.push(entry);
      (all[`${entry.method} ${entry.path}`] ?? json(404, { message: "page not found" }))(entry, response);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  const dockerHost = `unix://${socketPath}`;
  const engine = await connectDockerEngine({ env: { DOCKER_HOST: dockerHost } });
  // dockerHost: for tests that run berth's CLI against the fake (DOCKER_HOST).
  return { engine, seen, dockerHost };
}
