import { describe, expect, it } from "vitest";
import type { Service } from "../../compose/model/project.js";
import { testProject } from "../../plan/test-project.js";
import type { ContainerDetails, Engine } from "../engine-port.js";
import { details, die, listen, port3000, reasons, result, setup } from "./final-watch.fixtures.js";
import { busyVerdict, declaredPorts, maxWindowMs, startupWindow, stateVerdict, stuckLimitMs, watchUntilVerdict } from "./final-watch.js";
import { restartsDuringRun } from "./gate.js";

describe("watchUntilVerdict", () => {
  it("fails a service that died once during the run even though it runs again now", async () => {
    const { options, events } = setup({ a: details("a", { ExitCode: 1 }), b: details("b") }, { b: ["ready\n"] });
    events.dispatch(die("a", "1"));
    const watched = await watchUntilVerdict(result({ "web1:1": "a", "web2:1": "b" }), options);
    expect(reasons(watched)).toEqual({ web1: "crash-loop" });
    expect(watched.failures.get("web1")).toMatchObject({ phase: "gate", gate: { detail: "restarted 1 time(s) before the verdict (exit 1)" } });
  });

  it("catches a crash that comes after a silent start, while it waits for a sign of life", async () => {
    const containers = { a: details("a") };
    const { options, events, waited } = setup(containers);
    const sleep = options.sleep;
    let slept = 0;
    const watched = await watchUntilVerdict(result({ "web1:1": "a" }), {
      ...options,
      sleep: async (ms, signal) => {
        await sleep(ms);
        slept += ms;
        // 2 s after up finished, the app dials a host that does not resolve and dies.
        if (slept >= 2000 && events.seen.length === 0) events.dispatch(die("a", "1"));
        void signal;
      },
    });
    expect(reasons(watched)).toEqual({ web1: "crash-loop" });
    expect(waited()).toBeLessThan(3000);
  });

  it("fails one that is restarting or exited non-zero, and leaves a job and a clean exit 0 alone", async () => {
    const { options, events } = setup({ a: details("a", { Restarting: true }), b: details("b", { Running: false, Status: "exited", ExitCode: 2 }), j: details("j", { Running: false, Status: "exited" }), c: details("c", { Running: false, Status: "exited" }) });
    events.dispatch(die("j", "0"));
    events.dispatch(die("c", "0"));
    const watched = await watchUntilVerdict(result({ "web1:1": "a", "web2:1": "b", "migrate:1": "j", "cache:1": "c" }), options);
    expect(reasons(watched)).toEqual({ web1: "crash-loop", web2: "exited" });
  });

  it("watches a silent service without ports up to 8 s after its start, one that talks the window after it did", async () => {
    const silent = setup({ a: details("a") });
    expect((await watchUntilVerdict(result({ "web1:1": "a" }), silent.options)).failures.size).toBe(0);
    expect(silent.waited()).toBe(maxWindowMs - 1000);
    const talking = setup({ a: details("a") }, { a: ["listening\n"] });
    await watchUntilVerdict(result({ "web1:1": "a" }), talking.options);
    expect(talking.waited()).toBe(2000);
  });

  it("passes a service once its declared port is open on all addresses", async () => {
    const { options, waited } = setup({ w: details("w") }, {}, { w: listen("00000000", 3000) });
    expect((await watchUntilVerdict(result({ "web:1": "w" }), options)).failures.size).toBe(0);
    expect(waited()).toBe(1500);
  });

  it("fails a service that listens on 127.0.0.1 only, or never opens its port", async () => {
    const loopback = setup({ w: details("w") }, {}, { w: listen("0100007F", 3000) });
    const watched = await watchUntilVerdict(result({ "web:1": "w" }), loopback.options);
    expect(watched.failures.get("web")?.gate).toEqual({ kind: "final-watch", reason: "loopback-only", detail: "listens on 127.0.0.1:3000 only; other containers and the published port cannot reach it" });
    const closed = setup({ w: details("w") }, {}, { w: listen("00000000", 8080) });
    const never = await watchUntilVerdict(result({ "web:1": "w" }), { ...closed.options, waitTimeoutMs: 30_000 });
    expect(never.failures.get("web")?.gate).toMatchObject({ reason: "not-listening", detail: "never opened port 3000, which it declares (it listens on 0.0.0.0:8080) 30 s after the rest of the stack was up" });
    expect(closed.waited()).toBeGreaterThanOrEqual(30_000);
  });

  it("waits for a slow service to open its port rather than failing a working stack", async () => {
    const slow = setup({ w: details("w") });
    let calls = 0;
    const engine = { ...slow.options.engine, exec: async () => ({ exitCode: 0, stdout: ++calls > 20 ? listen("00000000", 3000) : "  sl local\n", stderr: "", output: "", timedOut: false }) } as unknown as Engine;
    expect((await watchUntilVerdict(result({ "web:1": "w" }), { ...slow.options, engine })).failures.size).toBe(0);
    expect(slow.waited()).toBeGreaterThan(5_000);
  });

  it("gives a service that logs it waits more time, and passes it once it stops waiting", async () => {
    const waiting = "Waiting for db...\nWaiting for db...\nWaiting for db...\n";
    const { options } = setup({ a: details("a") }, { a: [waiting, waiting, waiting, `${waiting}connected\n`] });
    expect((await watchUntilVerdict(result({ "web1:1": "a" }), options)).failures.size).toBe(0);
  });

  it("fails a service that only ever waits as stuck", async () => {
    const { options, waited } = setup({ a: details("a") }, { a: ["Waiting for db...\nWaiting for db...\nWaiting for db...\n"] });
    const watched = await watchUntilVerdict(result({ "web1:1": "a" }), options);
    expect(watched.failures.get("web1")?.gate).toMatchObject({ reason: "stuck" });
    expect(waited()).toBeGreaterThanOrEqual(stuckLimitMs);
  });

  it("does not take a restart berth asked for (a dependant with restart: true) for a crash", async () => {
    const { options, events } = setup({ a: details("a") }, { a: ["ready\n"] });
    for (const action of ["start", "kill", "kill", "die", "stop", "start", "restart"]) events.dispatch({ type: "container", action, id: "a", attributes: action === "die" ? { exitCode: "137" } : {}, time: 0 });
    expect((await watchUntilVerdict(result({ "web1:1": "a" }), options)).failures.size).toBe(0);
  });

  it("fails a service the engine restarted during the run even when the stream missed its die events", async () => {
    const { options, events } = setup({ a: { ...details("a", { StartedAt: "2026-12-07T17:00:00.900Z" }), RestartCount: 2 } }, { a: ["ready\n"] });
    events.since = Date.parse("2026-12-07T16:59:58.000Z");
    const watched = await watchUntilVerdict(result({ "web1:1": "a" }), options);
    expect(watched.failures.get("web1")?.gate).toMatchObject({ reason: "crash-loop", detail: "restarted 2 time(s) before the verdict" });
  });

  it("leaves alone a restart count from before the run, of a container that has run since", async () => {
    const { options, events } = setup({ a: { ...details("a", { StartedAt: "2026-12-07T16:00:00.000Z" }), RestartCount: 5 } }, { a: ["ready\n"] });
    events.since = Date.parse("2026-12-07T16:59:58.000Z");
    expect((await watchUntilVerdict(result({ "web1:1": "a" }), options)).failures.size).toBe(0);
  });

  it("leaves failed and skipped services to their own verdicts", async () => {
    const { options, events } = setup({ a: details("a") });
    events.dispatch(die("a", "1"));
    const watched = await watchUntilVerdict(result({ "web1:1": "a" }), { ...options, skip: new Set(["web1"]) });
    expect(watched.failures.size).toBe(0);
  });
});

describe("watchUntilVerdict on a starved machine (a Node app that exits 1 300 ms after it starts)", () => {
  /** A sleep that makes the container die once the clock reaches `at` (epoch ms). */
  function dieAt(setupResult: ReturnType<typeof setup>, container: ContainerDetails, at: number) {
    return async (ms: number) => {
      await setupResult.options.sleep(ms);
      if (setupResult.options.now() >= at && setupResult.events.seen.length === 0) {
        Object.assign(container.State, { Running: false, Status: "exited", ExitCode: 1 });
        setupResult.events.dispatch(die(container.Id, "1"));
      }
    };
  }

  it("keeps watching a silent service that is still busy starting, and catches its exit 6 s after its start", async () => {
    const container = details("a");
    const starved = setup({ a: container }, {}, {}, { a: 3 });
    const watched = await watchUntilVerdict(result({ "web1:1": "a" }), { ...starved.options, sleep: dieAt(starved, container, Date.parse("2026-12-07T17:00:06.000Z")) });
    expect(reasons(watched)).toEqual({ web1: "exited" });
  });

  it("judges an idle silent service at 5 s, and a busy one that never dies 20 s after up at most", async () => {
    const idle = setup({ a: details("a") }, {}, {}, { a: 0.1 });
    expect((await watchUntilVerdict(result({ "web1:1": "a" }), idle.options)).failures.size).toBe(0);
    expect(idle.waited()).toBe(maxWindowMs - 1000);
    const busy = setup({ a: details("a") }, {}, {}, { a: 50 });
    expect((await watchUntilVerdict(result({ "web1:1": "a" }), busy.options)).failures.size).toBe(0);
    expect(busy.waited()).toBeGreaterThan(maxWindowMs);
    expect(busy.waited()).toBeLessThanOrEqual(stuckLimitMs);
    expect(busy.waited() >= stuckLimitMs - 1_000).toBe(true);
  });

  it("keeps watching a busy one whose docker-stats percentage reads 0 (a nested engine's host counters), from its own CPU time", async () => {
    const container = details("a");
    const nested = setup({ a: container });
    const engine = { ...nested.options.engine, stats: async () => ({ cpuPercent: 0, cpuShare: 1.05, memoryBytes: 0, memoryLimitBytes: 0, pids: 1 }) } as unknown as Engine;
    const watched = await watchUntilVerdict(result({ "web1:1": "a" }), { ...nested.options, engine, sleep: dieAt(nested, container, Date.parse("2026-12-07T17:00:09.000Z")) });
    expect(reasons(watched)).toEqual({ web1: "exited" });
  });

  it("without the engine's pair of samples, compares its own: busy while the CPU time grows, idle a second after it stopped", async () => {
    const growing = setup({ a: details("a") });
    let cpuTimeNs = 0;
    const engine = {
      ...growing.options.engine,
      stats: async () => ({ cpuPercent: 0, cpuTime: { cpuTimeNs: (cpuTimeNs += 10_000_000), sampledAt: growing.options.now() }, memoryBytes: 0, memoryLimitBytes: 0, pids: 1 }),
    } as unknown as Engine;
    expect((await watchUntilVerdict(result({ "web1:1": "a" }), { ...growing.options, engine })).failures.size).toBe(0);
    expect(growing.waited()).toBeGreaterThanOrEqual(stuckLimitMs - 1_000);
    const idle = setup({ a: details("a") });
    const still = { ...idle.options.engine, stats: async () => ({ cpuPercent: 0, cpuTime: { cpuTimeNs: 5, sampledAt: idle.options.now() }, memoryBytes: 0, memoryLimitBytes: 0, pids: 1 }) } as unknown as Engine;
    expect((await watchUntilVerdict(result({ "web1:1": "a" }), { ...idle.options, engine: still })).failures.size).toBe(0);
    // One look (250 ms) later than at 5 s after its start: the second sample berth compared.
    expect(idle.waited()).toBe(maxWindowMs - 1000 + 250);
  });

  it("looks again at a service whose time came while the engine answered about another (stats take a second)", async () => {
    const worker = details("w", { StartedAt: "2026-12-07T17:00:00.500Z" });
    const race = setup({ i: details("i"), w: worker });
    const engine = {
      ...race.options.engine,
      stats: async (id: string) => {
        await race.options.sleep(1_000);
        return { cpuPercent: 0, cpuShare: id === "w" ? 1 : 0, memoryBytes: 0, memoryLimitBytes: 0, pids: 1 };
      },
    } as unknown as Engine;
    // The idle service is judged at 5 s; its stats answer at 6 s, after the worker's 5.5 s came.
    const watched = await watchUntilVerdict(result({ "web1:1": "i", "web2:1": "w" }), { ...race.options, engine, sleep: dieAt(race, worker, Date.parse("2026-12-07T17:00:09.000Z")) });
    expect(reasons(watched)).toEqual({ web2: "exited" });
  });

  it("busyVerdict: the container's own share first, then berth's two samples, then docker's percentage", () => {
    const at = (cpuTimeNs: number, sampledAt: number) => ({ cpuTimeNs, sampledAt });
    const sample = { cpuPercent: 0, memoryBytes: 0, memoryLimitBytes: 0, pids: 1 };
    expect(busyVerdict({ ...sample, cpuShare: 1 }, undefined)).toBe("busy");
    expect(busyVerdict({ ...sample, cpuPercent: 40, cpuShare: 0.1 }, undefined)).toBe("idle");
    expect(busyVerdict({ ...sample, cpuTime: at(1e9, 1_000) }, undefined)).toBe("undecided");
    expect(busyVerdict({ ...sample, cpuTime: at(1.01e9, 2_000) }, at(1e9, 1_000))).toBe("busy");
    expect(busyVerdict({ ...sample, cpuTime: at(1.001e9, 2_000) }, at(1e9, 1_000))).toBe("idle");
    expect(busyVerdict({ ...sample, cpuPercent: 3 }, undefined)).toBe("busy");
    expect(busyVerdict(sample, undefined)).toBe("idle");
  });

  it("holds a service that took 3 s to say its first word for 3 s after it, so a late timer's exit is caught", async () => {
    const container = details("a");
    // The engine's timestamp: the app wrote its first line 3 s after its start (node loading slowly).
    const slow = setup({ a: container }, { a: ["2026-12-07T17:00:03.000000000Z worker starting\n"] });
    const watched = await watchUntilVerdict(result({ "web1:1": "a" }), { ...slow.options, sleep: dieAt(slow, container, Date.parse("2026-12-07T17:00:05.500Z")) });
    expect(reasons(watched)).toEqual({ web1: "exited" });
    expect(slow.waited()).toBeLessThanOrEqual(5_000);
  });

  it("holds a service whose healthcheck passed before the app booted as long as the app took to speak", async () => {
    const container = details("a");
    const project = testProject("shop", { web1: { healthcheck: { test: ["CMD", "true"], interval: "1s" } } });
    const checked = setup({ a: container }, { a: ["2026-12-07T17:00:03.000000000Z worker starting\n"] });
    const watched = await watchUntilVerdict(result({ "web1:1": "a" }), { ...checked.options, project, sleep: dieAt(checked, container, Date.parse("2026-12-07T17:00:05.500Z")) });
    expect(reasons(watched)).toEqual({ web1: "exited" });
    const quiet = setup({ a: details("a") });
    expect((await watchUntilVerdict(result({ "web1:1": "a" }), { ...quiet.options, project })).failures.size).toBe(0);
    expect(quiet.waited()).toBe(1500);
  });

  it("does not make a service that started long ago (quickly) wait longer than the stable window", async () => {
    const early = setup({ a: details("a", { StartedAt: "2026-12-07T16:59:00.000Z" }) }, { a: ["2026-12-07T16:59:00.200000000Z ready\n"] });
    expect((await watchUntilVerdict(result({ "web1:1": "a" }), early.options)).failures.size).toBe(0);
    expect(early.waited()).toBe(1500);
  });

  it("startupWindow: as long as the start took, at least the stable window, at most 5 s", () => {
    expect(startupWindow(200, 1500)).toBe(1500);
    expect(startupWindow(3000, 1500)).toBe(3000);
    expect(startupWindow(60_000, 1500)).toBe(maxWindowMs);
    expect(startupWindow(60_000, 8000)).toBe(8000);
  });
});

describe("stateVerdict and declaredPorts", () => {
  it("calls a healthcheck that failed after passing unhealthy", () => {
    expect(stateVerdict(details("a", { Health: { Status: "unhealthy", FailingStreak: 3, Log: [] } }), [])).toMatchObject({ reason: "unhealthy" });
    expect(stateVerdict(details("a"), [])).toBeUndefined();
  });

  it("restartsDuringRun: the engine's count for a container started during the run, else nothing", () => {
    const since = Date.parse("2026-12-07T16:59:59.000Z");
    const restarted = { ...details("a"), RestartCount: 3 };
    expect(restartsDuringRun(restarted, since)).toBe(3);
    expect(restartsDuringRun(restarted, undefined)).toBe(0);
    expect(restartsDuringRun(restarted, Date.parse("2026-12-07T17:00:00.001Z"))).toBe(0);
    expect(restartsDuringRun({ ...restarted, State: { ...restarted.State, StartedAt: "0001-01-01T00:00:00Z" } }, since)).toBe(0);
    expect(stateVerdict(restarted, [], since)).toEqual({ reason: "crash-loop", detail: "restarted 3 time(s) before the verdict" });
  });

  it("reads ports: targets and expose: entries", () => {
    expect(declaredPorts({ name: "x", command: null, entrypoint: null, ...port3000, expose: ["3000", "9229/tcp", "53/udp"] } as Service)).toEqual([3000, 9229]);
  });
});
