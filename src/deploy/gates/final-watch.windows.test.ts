import { describe, expect, it } from "vitest";
import type { Engine } from "../engine-port.js";
import { isServing, maxWindowMs, watchRecord, watchUntilVerdict } from "./final-watch.js";
import { details, die, listen, reasons, result, setup } from "./final-watch.fixtures.js";

describe("the final watch's windows on a stack without healthchecks (nginx -> 2 x Node -> Redis)", () => {
  /** Counts the engine's execs (each reads /proc/net/tcp* in a container: the costly look). */
  function counting(options: ReturnType<typeof setup>["options"], sockets: (id: string, n: number) => string) {
    const execs = new Map<string, number>();
    const engine = {
      ...options.engine,
      exec: async (id: string) => {
        const n = (execs.get(id) ?? 0) + 1;
        execs.set(id, n);
        return { exitCode: 0, stdout: sockets(id, n), stderr: "", output: "", timedOut: false };
      },
    } as unknown as Engine;
    return { engine, execs };
  }

  it("holds a service without declared ports that listens on a socket (Redis) the window after up, not twice the window after its start", async () => {
    // Redis started 1 s before up finished and logged at once: twice the window would hold it until 2 s after up.
    const redis = setup({ r: details("r") }, { r: ["2026-12-07T17:00:00.050000000Z Ready to accept connections\n"] }, { r: listen("00000000", 6379) });
    const watched = await watchUntilVerdict(result({ "cache:1": "r" }), redis.options);
    expect(watched.failures.size).toBe(0);
    expect(redis.waited()).toBe(1500);
    expect(watched.watch).toEqual({ stableMs: 1500, windowMs: 1500, windows: { cache: 1500 }, heldMs: 1500 });
  });

  it("still holds one that only spoke and listens nowhere twice the window after its start (a banner before a crash)", async () => {
    const worker = setup({ w: details("w") }, { w: ["2026-12-07T17:00:00.050000000Z loading modules\n"] });
    const watched = await watchUntilVerdict(result({ "web1:1": "w" }), worker.options);
    expect(watched.failures.size).toBe(0);
    expect(worker.waited()).toBe(2000);
    expect(watched.watch?.windowMs).toBe(2000);
  });

  it("catches the crash of such a worker 1.8 s after up, after its banner (the renamed-host shape)", async () => {
    const container = details("w");
    const worker = setup({ w: container }, { w: ["2026-12-07T17:00:00.050000000Z loading modules\n"] });
    const sleep = async (ms: number) => {
      await worker.options.sleep(ms);
      if (worker.waited() >= 1_800 && worker.events.seen.length === 0) {
        Object.assign(container.State, { Running: false, Restarting: true });
        worker.events.dispatch(die("w", "1"));
      }
    };
    expect(reasons(await watchUntilVerdict(result({ "web1:1": "w" }), { ...worker.options, sleep }))).toEqual({ web1: "crash-loop" });
  });

  it("holds one found listening at a later look as long after it as it took to start (at least the window)", async () => {
    // Started 0.1 s before up finished; it listens from the second reading on (250 ms later).
    const late = setup({ r: details("r", { StartedAt: "2026-12-07T17:00:00.900Z" }) }, { r: ["2026-12-07T17:00:00.950000000Z starting\n"] });
    const { engine, execs } = counting(late.options, (_id, n) => (n >= 2 ? listen("00000000", 6379) : "  sl local\n"));
    const watched = await watchUntilVerdict(result({ "cache:1": "r" }), { ...late.options, engine });
    expect(watched.failures.size).toBe(0);
    expect(execs.get("r")).toBe(2);
    expect(late.waited()).toBe(250 + 1500);
  });

  it("catches a crash of a listening Redis within its window", async () => {
    const container = details("r");
    const redis = setup({ r: container }, { r: ["2026-12-07T17:00:00.050000000Z Ready\n"] }, { r: listen("00000000", 6379) });
    const sleep = async (ms: number) => {
      await redis.options.sleep(ms);
      if (redis.waited() >= 1_200 && redis.events.seen.length === 0) redis.events.dispatch(die("r", "139"));
    };
    expect(reasons(await watchUntilVerdict(result({ "cache:1": "r" }), { ...redis.options, sleep }))).toEqual({ cache: "crash-loop" });
  });

  it("reads no sockets of a service without ports whose twice-the-window is over anyway", async () => {
    const early = setup({ r: details("r", { StartedAt: "2026-12-07T16:59:00.000Z" }) }, { r: ["2026-12-07T16:59:00.100000000Z Ready\n"] });
    const { engine, execs } = counting(early.options, () => listen("00000000", 6379));
    expect((await watchUntilVerdict(result({ "cache:1": "r" }), { ...early.options, engine })).failures.size).toBe(0);
    expect(execs.size).toBe(0);
    expect(early.waited()).toBe(1500);
  });

  it("judges a declared port found open on every address by that reading: one exec, not a second after the window", async () => {
    const web = setup({ w: details("w") });
    const open = counting(web.options, () => listen("00000000", 3000));
    expect((await watchUntilVerdict(result({ "web:1": "w" }), { ...web.options, engine: open.engine })).failures.size).toBe(0);
    expect(open.execs.get("w")).toBe(1);
    // Found on 127.0.0.1 only: read again for the verdict, which fails it.
    const loopback = setup({ w: details("w") });
    const local = counting(loopback.options, () => listen("0100007F", 3000));
    expect(reasons(await watchUntilVerdict(result({ "web:1": "w" }), { ...loopback.options, engine: local.engine }))).toEqual({ web: "loopback-only" });
    expect(local.execs.get("w")).toBe(2);
  });

  it("records each service's window after up finished: the silent one's is longer, held includes the looks", async () => {
    const mixed = setup({ w: details("w"), s: details("s") }, {}, { w: listen("00000000", 3000) });
    const watched = await watchUntilVerdict(result({ "web:1": "w", "web1:1": "s" }), mixed.options);
    expect(watched.watch).toMatchObject({ stableMs: 1500, windowMs: maxWindowMs - 1000, windows: { web: 1500, web1: maxWindowMs - 1000 } });
    expect(watched.watch?.heldMs).toBe(mixed.waited());
  });

  it("watchRecord: windows after up finished, never negative; none watched is a 0 window", () => {
    const finishedAt = 10_000;
    expect(watchRecord(1500, finishedAt, new Map([["a", 11_500], ["b", 9_000]]), 11_600)).toEqual({ stableMs: 1500, windowMs: 1500, windows: { a: 1500, b: 0 }, heldMs: 1600 });
    expect(watchRecord(1500, finishedAt, new Map(), 10_000)).toEqual({ stableMs: 1500, windowMs: 0, windows: {}, heldMs: 0 });
  });
});

describe("isServing: the sockets that count as a service serving", () => {
  const socket = (address: string, port: number) => ({ address, port });

  it("counts a socket other containers reach, not loopback, not a debugger's listener", () => {
    expect(isServing(socket("0.0.0.0", 6379))).toBe(true);
    expect(isServing(socket("::", 6379))).toBe(true);
    expect(isServing(socket("172.18.0.3", 8080))).toBe(true);
    expect(isServing(socket("127.0.0.1", 6379))).toBe(false);
    expect(isServing(socket("::1", 6379))).toBe(false);
    expect(isServing(socket("0.0.0.0", 9229))).toBe(false);
    expect(isServing(socket("0.0.0.0", 5678))).toBe(false);
  });

  it("holds a worker that only opened the Node inspector (before its code ran) twice the window after its start", async () => {
    const inspected = setup({ w: details("w") }, { w: ["2026-12-07T17:00:00.050000000Z Debugger listening on ws://0.0.0.0:9229/x\n"] }, { w: listen("00000000", 9229) + listen("0100007F", 6060) });
    expect((await watchUntilVerdict(result({ "web1:1": "w" }), inspected.options)).failures.size).toBe(0);
    expect(inspected.waited()).toBe(2000);
  });
});
