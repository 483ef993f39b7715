import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { EngineError } from "../common/errors.js";
import type { LogChunk } from "../engine/types/stream.js";
import { swarmReader } from "./swarm-client.js";

// The manager's /services/{id}/logs on 127.0.0.1: multiplexed frames (8-byte header, then the
// line), sent in chunks that cut frames and characters, as a network does.
let server: Server | undefined;
afterEach(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));

function frame(stream: 1 | 2, text: string): Buffer {
  const payload = Buffer.from(text, "utf8");
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

async function manager(answer: (path: string, query: URLSearchParams) => { status: number; chunks: Buffer[] }, seen: string[] = []): Promise<string> {
  server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://engine");
    seen.push(`${url.pathname}?${url.searchParams.toString()}`);
    const { status, chunks } = answer(url.pathname, url.searchParams);
    response.writeHead(status, { "content-type": status === 200 ? "application/vnd.docker.raw-stream" : "application/json" });
    const send = (index: number) => (index < chunks.length ? response.write(chunks[index], () => setTimeout(() => send(index + 1), 5)) : response.end());
    send(0);
  });
  await new Promise<void>((listening) => server?.listen(0, "127.0.0.1", listening));
  return `tcp://127.0.0.1:${(server?.address() as AddressInfo).port}`;
}

async function all(chunks: AsyncIterable<LogChunk>): Promise<LogChunk[]> {
  const out: LogChunk[] = [];
  for await (const chunk of chunks) out.push(chunk);
  return out;
}

const attrs = "com.docker.swarm.node.id=n1,com.docker.swarm.service.id=s1,com.docker.swarm.task.id=t1";

describe("swarmReader.serviceLogs", () => {
  it("asks for stdout, stderr and the details of each line, and demultiplexes frames cut anywhere", async () => {
    const seen: string[] = [];
    const stream = Buffer.concat([frame(1, `${attrs} héllo\n`), frame(2, `${attrs} oops\n`)]);
    // Cut inside the first header and inside the two-byte é.
    const cut = [stream.subarray(0, 5), stream.subarray(5, 8 + attrs.length + 3), stream.subarray(8 + attrs.length + 3)];
    const host = await manager(() => ({ status: 200, chunks: cut }), seen);
    const chunks = await all(swarmReader({ DOCKER_HOST: host }).serviceLogs("s1", { tail: 5, timestamps: true, follow: false, tty: false }, new AbortController().signal));
    expect(chunks).toEqual([
      { stream: "stdout", text: `${attrs} héllo\n` },
      { stream: "stderr", text: `${attrs} oops\n` },
    ]);
    expect(seen).toEqual(["/v1.41/services/s1/logs?stdout=true&stderr=true&details=true&timestamps=true&follow=false&tail=5"]);
  });

  it("reads a TTY service's raw stream as text, and asks for every line without --tail", async () => {
    const seen: string[] = [];
    const host = await manager(() => ({ status: 200, chunks: [Buffer.from(`${attrs} plain\n`)] }), seen);
    const chunks = await all(swarmReader({ DOCKER_HOST: host }).serviceLogs("s1", { timestamps: false, follow: false, tty: true }, new AbortController().signal));
    expect(chunks.map((chunk) => chunk.text).join("")).toBe(`${attrs} plain\n`);
    expect(seen[0]).toContain("tail=all");
  });

  it("turns a refusal into an EngineError naming what it was doing", async () => {
    const host = await manager(() => ({ status: 404, chunks: [Buffer.from(JSON.stringify({ message: "service s9 not found" }))] }));
    const failure = await all(swarmReader({ DOCKER_HOST: host }).serviceLogs("s9", { timestamps: false, follow: false, tty: false }, new AbortController().signal)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(EngineError);
    expect(String((failure as Error).message)).toMatch(/reading the service's logs/);
  });

  it("ends quietly when the caller aborts a followed log", async () => {
    const host = await manager(() => ({ status: 200, chunks: [frame(1, `${attrs} first\n`), ...Array.from({ length: 200 }, () => Buffer.alloc(0))] }));
    const abort = new AbortController();
    const seen: string[] = [];
    for await (const chunk of swarmReader({ DOCKER_HOST: host }).serviceLogs("s1", { timestamps: false, follow: true, tty: false }, abort.signal)) {
      seen.push(chunk.text);
      abort.abort();
    }
    expect(seen).toEqual([`${attrs} first\n`]);
  });
});
