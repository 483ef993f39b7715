import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { readChunks, readJsonLines, toContainerStats, toEngineEvent } from "./docker-streams.js";

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

async function* bytes(...texts: string[]): AsyncGenerator<Buffer> {
  for (const text of texts) yield Buffer.from(text);
}

describe("readJsonLines, more framing", () => {
  it("reads a last message without a newline, skips blank lines and CRLF-only lines", async () => {
    expect(await collect(readJsonLines(bytes('{"a":1}\n\n  \n{"b":', "2}")))).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it("keeps a multi-byte character split between chunks whole", async () => {
    const whole = Buffer.from('{"status":"Téléchargement"}\n');
    const cut = whole.indexOf(0xc3) + 1;
    async function* split(): AsyncGenerator<Buffer> {
      yield whole.subarray(0, cut);
      yield whole.subarray(cut);
    }
    const [message] = await collect(readJsonLines(split()));
    expect(message).toEqual({ status: "Téléchargement" });
  });

  it("fails on a line that is not JSON, after the messages before it", async () => {
    const seen: unknown[] = [];
    await expect(
      (async () => {
        for await (const message of readJsonLines(bytes('{"ok":true}\n<html>\n'))) seen.push(message);
      })(),
    ).rejects.toThrow(SyntaxError);
    expect(seen).toEqual([{ ok: true }]);
  });
});

describe("readChunks", () => {
  it("turns string chunks into buffers and ends with the stream", async () => {
    const stream = new PassThrough({ objectMode: true });
    stream.write("one");
    stream.end(Buffer.from("two"));
    const chunks = await collect(readChunks(stream, new AbortController().signal));
    expect(chunks.map((chunk) => [Buffer.isBuffer(chunk), chunk.toString()])).toEqual([
      [true, "one"],
      [true, "two"],
    ]);
  });

  it("reads nothing from a stream whose signal is already aborted, and closes it", async () => {
    const stream = new PassThrough();
    stream.write("never read");
    const controller = new AbortController();
    controller.abort();
    expect(await collect(readChunks(stream, controller.signal))).toEqual([]);
    expect(stream.destroyed).toBe(true);
  });

  it("passes a stream error on when nobody aborted", async () => {
    const stream = new PassThrough();
    setImmediate(() => stream.destroy(new Error("connection reset")));
    await expect(collect(readChunks(stream, new AbortController().signal))).rejects.toThrow("connection reset");
  });
});

describe("toEngineEvent, sparse messages", () => {
  it("fills what an old engine leaves out, and reads time in seconds when there is no timeNano", () => {
    expect(toEngineEvent({})).toEqual({ type: "", action: "", id: "", attributes: {}, time: 0 });
    expect(toEngineEvent({ Type: "network", Action: "connect", Actor: { ID: "n1" }, time: 1700000002 })).toEqual({ type: "network", action: "connect", id: "n1", attributes: {}, time: 1700000002000 });
  });
});

describe("toContainerStats, other engines", () => {
  const cpu = (total: number, system: number, extra: object = {}) => ({ cpu_usage: { total_usage: total }, system_cpu_usage: system, ...extra });

  it("counts CPUs from percpu_usage when online_cpus is missing (older engines)", () => {
    const stats = toContainerStats({ cpu_stats: { cpu_usage: { total_usage: 300, percpu_usage: [100, 100, 100, 0] }, system_cpu_usage: 2000 }, precpu_stats: cpu(100, 1000) });
    expect(stats.cpuPercent).toBe(80);
  });

  it("reports 0% when the counters did not move or went backwards", () => {
    expect(toContainerStats({ cpu_stats: cpu(100, 2000, { online_cpus: 2 }), precpu_stats: cpu(100, 1000) }).cpuPercent).toBe(0);
    expect(toContainerStats({ cpu_stats: cpu(200, 1000, { online_cpus: 2 }), precpu_stats: cpu(100, 1000) }).cpuPercent).toBe(0);
  });

  it("leaves page cache out on cgroup v1 (total_inactive_file, then cache) and never goes below 0", () => {
    expect(toContainerStats({ memory_stats: { usage: 1000, limit: 4000, stats: { total_inactive_file: 300, cache: 900 } } }).memoryBytes).toBe(700);
    expect(toContainerStats({ memory_stats: { usage: 1000, stats: { cache: 900 } } }).memoryBytes).toBe(100);
    expect(toContainerStats({ memory_stats: { usage: 100, stats: { inactive_file: 500 } } }).memoryBytes).toBe(0);
  });

  it("reads a stopped container's empty sample as zeros", () => {
    expect(toContainerStats({})).toMatchObject({ cpuPercent: 0, memoryBytes: 0, memoryLimitBytes: 0, pids: 0 });
  });
});
