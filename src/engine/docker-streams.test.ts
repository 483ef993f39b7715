import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { readChunks, readJsonLines, toContainerStats, toEngineEvent } from "./docker-streams.js";

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

async function* chunks(...texts: string[]): AsyncGenerator<Buffer> {
  for (const text of texts) yield Buffer.from(text);
}

describe("readJsonLines", () => {
  it("parses messages split across and joined within chunks", async () => {
    const messages = await collect(readJsonLines(chunks('{"a":1}\n{"b"', ':2}\n{"c":3}\n{"d":4}')));
    expect(messages).toEqual([{ a: 1 }, { b: 2 }, { c: 3 }, { d: 4 }]);
  });
});

describe("readChunks", () => {
  it("ends quietly when the signal aborts, and closes the stream", async () => {
    const stream = new PassThrough();
    const controller = new AbortController();
    const seen: string[] = [];
    const reading = (async () => {
      for await (const chunk of readChunks(stream, controller.signal)) seen.push(chunk.toString());
    })();
    stream.write("one");
    await new Promise((resolve) => setTimeout(resolve, 10));
    controller.abort();
    await reading;
    expect(seen).toEqual(["one"]);
    expect(stream.destroyed).toBe(true);
  });
});

describe("toEngineEvent", () => {
  it("maps a recorded container event", () => {
    const raw = {
      status: "start",
      id: "abc",
      from: "debian:bookworm-slim",
      Type: "container",
      Action: "start",
      Actor: {
        ID: "abc",
        Attributes: { image: "debian:bookworm-slim", name: "berthe2e-engine-c", "io.berth.test": "1" },
      },
      scope: "local",
      time: 1763883000,
      timeNano: 1763883000123 * 1e6,
    };
    expect(toEngineEvent(raw)).toEqual({
      type: "container",
      action: "start",
      id: "abc",
      attributes: { image: "debian:bookworm-slim", name: "berthe2e-engine-c", "io.berth.test": "1" },
      time: 1763883000123,
    });
  });
});

describe("toContainerStats", () => {
  it("computes CPU share and memory without page cache, as docker stats does", () => {
    const stats = toContainerStats({
      cpu_stats: {
        cpu_usage: { total_usage: 300_000_000 },
        system_cpu_usage: 20_000_000_000,
        online_cpus: 2,
      },
      precpu_stats: { cpu_usage: { total_usage: 100_000_000 }, system_cpu_usage: 18_000_000_000 },
      memory_stats: { usage: 50 * 2 ** 20, limit: 2 ** 30, stats: { cache: 10 * 2 ** 20 } },
      pids_stats: { current: 3 },
    });
    expect(stats).toEqual({ cpuPercent: 20, memoryBytes: 40 * 2 ** 20, memoryLimitBytes: 2 ** 30, pids: 3 });
  });

  it("reports 0% CPU when there is no earlier sample", () => {
    expect(
      toContainerStats({ cpu_stats: { cpu_usage: { total_usage: 5 }, system_cpu_usage: 9 } }).cpuPercent,
    ).toBe(0);
  });
});
