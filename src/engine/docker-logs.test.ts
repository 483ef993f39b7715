import { afterEach, describe, expect, it } from "vitest";
import { closeFakeEngineApis, fakeEngineApi, frame, json, type Handler } from "./testing/fake-engine-api.js";
import type { LogChunk } from "./types/stream.js";

afterEach(closeFakeEngineApis);

const inspect = (tty: boolean) => json(200, { Id: "abc", Name: "/web", Config: { Tty: tty } });
const word = Buffer.from("prêt ✓\n");
const cut = word.indexOf(0xc3) + 1; // inside the two bytes of "ê"

/** Writes the given pieces one by one, each after the previous one reached the client. */
const inPieces = (pieces: readonly Buffer[]): Handler => (_, response) => {
  response.writeHead(200);
  const next = (index: number): void => {
    if (index === pieces.length) return void response.end();
    response.write(pieces[index], () => setTimeout(() => next(index + 1), 5));
  };
  next(0);
};

async function follow(tty: boolean, pieces: readonly Buffer[]): Promise<LogChunk[]> {
  const { engine } = await fakeEngineApi({ "GET /containers/web/json": inspect(tty), "GET /containers/web/logs": inPieces(pieces) });
  const chunks: LogChunk[] = [];
  for await (const chunk of engine.followLogs("web", {}, new AbortController().signal)) chunks.push(chunk);
  return chunks;
}

describe("following logs, characters of several bytes", () => {
  it("keeps a character a TTY container's stream cuts between chunks whole", async () => {
    const chunks = await follow(true, [word.subarray(0, cut), word.subarray(cut)]);
    expect(chunks.map((chunk) => chunk.text).join("")).toBe("prêt ✓\n");
    expect(chunks.every((chunk) => chunk.stream === "stdout" && !chunk.text.includes("\uFFFD"))).toBe(true);
  });

  it("keeps it whole when two frames of a container without TTY carry its bytes", async () => {
    const first = Buffer.concat([Buffer.from([1, 0, 0, 0, 0, 0, 0, cut]), word.subarray(0, cut)]);
    const second = Buffer.concat([Buffer.from([1, 0, 0, 0, 0, 0, 0, word.length - cut]), word.subarray(cut)]);
    const chunks = await follow(false, [first, second, frame(2, "warn\n")]);
    expect(chunks.filter((chunk) => chunk.stream === "stdout").map((chunk) => chunk.text).join("")).toBe("prêt ✓\n");
    expect(chunks.at(-1)).toEqual({ stream: "stderr", text: "warn\n" });
  });
});

describe("reading logs", () => {
  it("passes since to the engine and reads an empty log as no chunks", async () => {
    const { engine, seen } = await fakeEngineApi({ "GET /containers/web/json": inspect(false), "GET /containers/web/logs": (_, response) => response.end() });
    expect(await engine.readLogs("web", { since: 1700000000 })).toEqual([]);
    expect(seen.at(-1)?.query.get("since")).toBe("1700000000");
  });

  it("names the container when it is gone", async () => {
    const { engine } = await fakeEngineApi({ "GET /containers/gone/json": json(404, { message: "No such container: gone" }) });
    await expect(engine.readLogs("gone")).rejects.toMatchObject({ code: "engine.not-found", message: "reading the logs of gone: No such container: gone (HTTP 404)" });
    const following = (async () => {
      for await (const _ of engine.followLogs("gone", {}, new AbortController().signal)) void _;
    })();
    await expect(following).rejects.toMatchObject({ code: "engine.not-found", message: "following the logs of gone: No such container: gone (HTTP 404)" });
  });

  it("ends a follow quietly when the caller stops before the engine answers", async () => {
    const stop = new AbortController();
    const { engine } = await fakeEngineApi({ "GET /containers/web/json": inspect(false), "GET /containers/web/logs": () => stop.abort() });
    const chunks: LogChunk[] = [];
    for await (const chunk of engine.followLogs("web", {}, stop.signal)) chunks.push(chunk);
    expect(chunks).toEqual([]);
  });
});
