import { describe, expect, it } from "vitest";
import { testProject } from "../../plan/test-project.js";
import type { ContainerDetails, Engine, EngineEvent } from "../engine-port.js";
import { EventHub } from "../event-hub.js";
import type { ExecuteResult } from "../execute.js";
import { maxWindowMs, stateVerdict, stuckLimitMs, watchUntilVerdict, windowFor } from "./final-watch.js";

type State = Partial<ContainerDetails["State"]>;

function details(id: string, state: State = {}): ContainerDetails {
  return {
    Id: id,
    Name: `/shop-${id}-1`,
    Image: "sha256:1",
    RestartCount: 0,
    State: { Status: "running", Running: true, Paused: false, Restarting: false, OOMKilled: false, Dead: false, Pid: 1, ExitCode: 0, Error: "", StartedAt: "2026-12-07T17:00:00.000Z", FinishedAt: "", ...state },
    Config: { Image: "x", WorkingDir: "/", User: "", Env: [], Cmd: null, Entrypoint: null, Labels: {} },
    Created: "",
    HostConfig: {},
    NetworkSettings: { Networks: {} },
    Mounts: [],
  };
}

const die = (id: string, exitCode: string): EngineEvent => ({ type: "container", action: "die", id, attributes: { exitCode }, time: 0 });

/** An engine that answers inspect and logs from tables, and a clock that sleeps instantly. */
function setup(containers: Record<string, ContainerDetails>, logs: Record<string, string[]> = {}) {
  let clock = Date.parse("2026-12-07T17:00:03.000Z");
  const slept: number[] = [];
  const reads = new Map<string, number>();
  const engine = {
    inspectContainer: async (id: string) => containers[id],
    readLogs: async (id: string) => {
      const n = reads.get(id) ?? 0;
      reads.set(id, n + 1);
      const sequence = logs[id] ?? [""];
      return [{ stream: "stdout", text: sequence[Math.min(n, sequence.length - 1)]! }];
    },
  } as unknown as Engine;
  const events = new EventHub();
  const project = testProject("shop", { web1: {}, web2: {}, cache: {}, migrate: {}, api: { depends_on: { migrate: { condition: "service_completed_successfully", required: true, restart: false } } } });
  const options = {
    engine,
    events,
    project,
    signal: new AbortController().signal,
    stableMs: 1500,
    now: () => clock,
    sleep: async (ms: number) => {
      slept.push(ms);
      clock += ms;
    },
  };
  return { options, events, slept };
}

const result = (containers: Record<string, string>, readyAt: Record<string, number> = {}): ExecuteResult => ({
  failures: new Map(),
  readyAt: new Map(Object.entries(readyAt)),
  containers: new Map(Object.entries(containers)),
  interrupted: false,
});

describe("watchUntilVerdict", () => {
  it("fails a service that died once during the run even though it runs again now", async () => {
    const { options, events } = setup({ a: details("a", { ExitCode: 1 }), b: details("b") });
    events.dispatch(die("a", "1"));
    const watched = await watchUntilVerdict(result({ "web1:1": "a", "web2:1": "b" }), options);
    expect([...watched.failures.keys()]).toEqual(["web1"]);
    expect(watched.failures.get("web1")).toMatchObject({ phase: "gate", gate: { reason: "crash-loop", detail: "restarted 1 time(s) before the verdict (exit 1)" } });
  });

  it("fails one that is restarting or exited non-zero, and leaves a job and a clean exit 0 alone", async () => {
    const { options, events } = setup({ a: details("a", { Restarting: true }), b: details("b", { Running: false, Status: "exited", ExitCode: 2 }), j: details("j", { Running: false, Status: "exited" }), c: details("c", { Running: false, Status: "exited" }) });
    events.dispatch(die("j", "0"));
    events.dispatch(die("c", "0"));
    const watched = await watchUntilVerdict(result({ "web1:1": "a", "web2:1": "b", "migrate:1": "j", "cache:1": "c" }), options);
    expect(Object.fromEntries([...watched.failures].map(([k, f]) => [k, f.gate?.reason]))).toEqual({ web1: "crash-loop", web2: "exited" });
  });

  it("waits a window that grows with the slowest start, at least the stability window, capped", async () => {
    const { options, slept } = setup({ a: details("a") });
    const readyAt = Date.parse("2026-12-07T17:00:04.000Z");
    await watchUntilVerdict(result({ "web1:1": "a" }, { "web1:started-stable": readyAt }), options);
    expect(slept).toEqual([4000]);
    expect(windowFor(1500, [200])).toBe(1500);
    expect(windowFor(1500, [60_000])).toBe(maxWindowMs);
  });

  it("gives a service that logs it waits more time, and passes it once it stops waiting", async () => {
    const waiting = "Waiting for db...\nWaiting for db...\nWaiting for db...\n";
    const { options } = setup({ a: details("a") }, { a: [waiting, waiting, `${waiting}connected, listening on 3000\n`] });
    const watched = await watchUntilVerdict(result({ "web1:1": "a" }), options);
    expect(watched.failures.size).toBe(0);
  });

  it("fails a service that only ever waits as stuck", async () => {
    const { options, slept } = setup({ a: details("a") }, { a: ["Waiting for db...\nWaiting for db...\nWaiting for db...\n"] });
    const watched = await watchUntilVerdict(result({ "web1:1": "a" }), options);
    expect(watched.failures.get("web1")?.gate).toMatchObject({ reason: "stuck" });
    expect(slept.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(stuckLimitMs);
  });

  it("leaves failed and skipped services to their own verdicts", async () => {
    const { options, events } = setup({ a: details("a") });
    events.dispatch(die("a", "1"));
    const watched = await watchUntilVerdict(result({ "web1:1": "a" }), { ...options, skip: new Set(["web1"]) });
    expect(watched.failures.size).toBe(0);
  });
});

describe("stateVerdict", () => {
  it("calls a healthcheck that failed after passing unhealthy", () => {
    expect(stateVerdict(details("a", { Health: { Status: "unhealthy", FailingStreak: 3, Log: [] } }), [])).toMatchObject({ reason: "unhealthy" });
    expect(stateVerdict(details("a"), [])).toBeUndefined();
  });
});
