import { describe, expect, it } from "vitest";
import type { EngineEvent } from "../engine-port.js";
import { FakeEngine, type FakeBehaviour } from "../../engine/fake-engine.js";
import { EventHub } from "../event-hub.js";
import type { GateContext } from "./gate.js";
import { healthyGate, ownUnhealthyVerdict } from "./healthy-gate.js";

const service = { name: "api", command: null, entrypoint: null, healthcheck: { test: ["CMD", "check"], interval: "30s", retries: 3 } };

async function startWith(behaviour: FakeBehaviour): Promise<{ engine: FakeEngine; id: string; context: GateContext }> {
  const engine = new FakeEngine({ images: ["app:1"], behave: () => behaviour });
  const id = await engine.createContainer({ name: "shop-api-1", Image: "app:1", Healthcheck: { Test: ["CMD", "check"] } });
  await engine.startContainer(id);
  const context = { engine, events: new EventHub(), signal: new AbortController().signal, deadline: Date.now() + 3_000, stableMs: 0, now: Date.now };
  return { engine, id, context };
}

describe("healthyGate", () => {
  it("passes on berth's own probe while the engine still says starting", async () => {
    let calls = 0;
    const { id, context } = await startWith({ health: "starting", exec: () => ({ exitCode: ++calls >= 3 ? 0 : 1 }) });
    const outcome = await healthyGate.waitUntilReady({ service, containerId: id }, context);
    expect(outcome.ok).toBe(true);
    expect(calls).toBeGreaterThanOrEqual(3);
  });

  it("gives up early when the healthcheck program is missing from the image", async () => {
    const missing = { exitCode: 126, output: 'exec: "check": executable file not found in $PATH' };
    const { id, context } = await startWith({ health: "starting", exec: () => missing });
    const outcome = await healthyGate.waitUntilReady({ service, containerId: id }, context);
    expect(outcome).toMatchObject({ ok: false, reason: "probe-missing" });
  });

  it("fails at once when the container exits", async () => {
    const { id, context } = await startWith({ exitOnStart: 2 });
    expect(await healthyGate.waitUntilReady({ service, containerId: id }, context)).toMatchObject({ ok: false, reason: "exited" });
  });

  it("times out at the deadline", async () => {
    const { id, context } = await startWith({ health: "starting", exec: () => ({ exitCode: 1 }) });
    const outcome = await healthyGate.waitUntilReady({ service, containerId: id }, { ...context, deadline: Date.now() + 300 });
    expect(outcome).toMatchObject({ ok: false, reason: "timeout" });
  });
});

/** A clock the test moves: with it standing still, the cadence never comes due by itself. */
function manualClock(): { now: () => number; advance: (ms: number) => void } {
  let t = 1_000_000;
  return { now: () => t, advance: (ms) => (t += ms) };
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(condition()).toBe(true);
}

const within = <T>(promise: Promise<T>, ms: number) => Promise.race([promise, new Promise<"pending">((resolve) => setTimeout(() => resolve("pending"), ms))]);

describe("healthyGate on the container's output", () => {
  it("probes at once when the app writes output, without waiting for the cadence", async () => {
    let ready = false;
    const commands: string[] = [];
    const { engine, id, context } = await startWith({ health: "starting", exec: (command) => (commands.push(command.join(" ")), { exitCode: ready ? 0 : 1 }) });
    const clock = manualClock();
    const gate = healthyGate.waitUntilReady({ service, containerId: id }, { ...context, now: clock.now, deadline: clock.now() + 60_000 });
    await until(() => commands.length === 1);
    ready = true;
    clock.advance(30); // well before the next cadence tick (100 ms)
    engine.writeLog(id, "listening on 3000\n");
    expect(await within(gate, 2_000)).toMatchObject({ ok: true, at: clock.now() });
    expect(commands).toEqual(["check", "check"]);
  });

  it("still needs the healthcheck to pass: output alone is not readiness", async () => {
    let probes = 0;
    const { engine, id, context } = await startWith({ health: "starting", exec: () => (probes++, { exitCode: 1, output: "connection refused" }) });
    const clock = manualClock();
    const gate = healthyGate.waitUntilReady({ service, containerId: id }, { ...context, now: clock.now, deadline: clock.now() + 60_000 });
    await until(() => probes === 1);
    clock.advance(30);
    engine.writeLog(id, "listening on 3000\n");
    await until(() => probes === 2);
    expect(await within(gate, 150)).toBe("pending");
    clock.advance(61_000);
    expect(await within(gate, 2_000)).toMatchObject({ ok: false, reason: "timeout", probes: [{ output: "connection refused" }, { output: "connection refused" }] });
  });

  it("does not probe on the echo of its own probe (apps log each request), nor beside a running probe", async () => {
    let calls = 0;
    let releaseHung: (() => void) | undefined;
    const { engine, id, context } = await startWith({ health: "starting" });
    engine.exec = async () => {
      calls++;
      if (calls === 2) await new Promise<void>((resolve) => (releaseHung = resolve));
      return { exitCode: 1, stdout: "", stderr: "", output: "503", timedOut: false, durationMs: 1 };
    };
    const clock = manualClock();
    const gate = healthyGate.waitUntilReady({ service, containerId: id }, { ...context, now: clock.now, deadline: clock.now() + 60_000 });
    await until(() => calls === 1);
    engine.writeLog(id, '127.0.0.1 "GET /health" 503\n'); // as the probe ends: its own echo
    expect(await within(gate, 150)).toBe("pending");
    expect(calls).toBe(1);
    clock.advance(30);
    engine.writeLog(id, "listening on 3000\n");
    await until(() => calls === 2);
    clock.advance(30);
    engine.writeLog(id, "connected to the database\n"); // probe 2 still runs: no third beside it
    expect(await within(gate, 150)).toBe("pending");
    expect(calls).toBe(2);
    releaseHung?.();
    clock.advance(61_000);
    expect(await within(gate, 2_000)).toMatchObject({ ok: false, reason: "timeout" });
  });

  it("spaces probes by the cadence instead of launching one on every engine event", async () => {
    let probes = 0;
    const { id, context } = await startWith({ health: "starting", exec: () => (probes++, { exitCode: probes >= 2 ? 0 : 1 }) });
    const clock = manualClock();
    const gate = healthyGate.waitUntilReady({ service, containerId: id }, { ...context, now: clock.now, deadline: clock.now() + 60_000 });
    await until(() => probes === 1);
    const event: EngineEvent = { type: "container", action: "exec_die", id, attributes: {}, time: clock.now() };
    for (let i = 0; i < 3; i++) context.events.dispatch(event);
    expect(await within(gate, 150)).toBe("pending");
    expect(probes).toBe(1);
    clock.advance(100);
    expect(await within(gate, 2_000)).toMatchObject({ ok: true });
    expect(probes).toBe(2);
  });

  it("runs one cadence probe at a time, and a second only beside a probe that hangs", async () => {
    const { engine, id, context } = await startWith({ health: "starting" });
    let calls = 0;
    let releaseHung: (() => void) | undefined;
    engine.exec = async () => {
      calls++;
      if (calls === 1) await new Promise<void>((resolve) => (releaseHung = resolve));
      return { exitCode: calls === 1 ? 1 : 0, stdout: "", stderr: "", output: "", timedOut: false, durationMs: 1 };
    };
    const clock = manualClock();
    const gate = healthyGate.waitUntilReady({ service, containerId: id }, { ...context, now: clock.now, deadline: clock.now() + 60_000 });
    await until(() => calls === 1);
    clock.advance(300); // three cadence ticks, but the first probe still runs
    expect(await within(gate, 250)).toBe("pending");
    expect(calls).toBe(1);
    clock.advance(200); // now it counts as hung
    expect(await within(gate, 2_000)).toMatchObject({ ok: true });
    expect(calls).toBe(2);
    releaseHung?.();
  });

  it("stops following the container's output once it has a verdict", async () => {
    const { engine, id, context } = await startWith({ health: "starting", exec: () => ({ exitCode: 0 }) });
    const follows: AbortSignal[] = [];
    const follow = engine.followLogs.bind(engine);
    engine.followLogs = (container, options, signal) => (follows.push(signal), follow(container, options, signal));
    expect(await healthyGate.waitUntilReady({ service, containerId: id }, context)).toMatchObject({ ok: true });
    expect(follows.map((signal) => signal.aborted)).toEqual([true]);
  });
});

describe("ownUnhealthyVerdict", () => {
  const target = { service: { ...service, healthcheck: { test: ["CMD", "false"], interval: "1s", retries: 2 } }, containerId: "c1" };
  const startedAt = "2026-12-07T21:00:00.000Z";
  const at = (iso: string) => ({ now: () => Date.parse(iso) });
  const failedCheck = { exitCode: 1, output: "", timedOut: false };

  it("waits for the budget and for as many failed checks as the healthcheck's retries, as the engine does", () => {
    expect(ownUnhealthyVerdict(target, startedAt, at("2026-12-07T21:00:01.000Z"), [failedCheck, failedCheck])).toBeUndefined();
    // The budget is spent but no check has finished yet (a loaded machine): no verdict yet.
    expect(ownUnhealthyVerdict(target, startedAt, at("2026-12-07T21:00:05.000Z"), [])).toBeUndefined();
    expect(ownUnhealthyVerdict(target, startedAt, at("2026-12-07T21:00:05.000Z"), [failedCheck])).toBeUndefined();
    expect(ownUnhealthyVerdict(target, startedAt, at("2026-12-07T21:00:05.000Z"), [failedCheck, failedCheck])).toMatchObject({ ok: false, reason: "unhealthy", detail: "2 failed checks over 2s" });
  });

  it("counts up to the 20 checks berth keeps, for a healthcheck with more retries", () => {
    const patient = { ...target, service: { ...service, healthcheck: { test: ["CMD", "false"], interval: "1s", retries: 30 } } };
    expect(ownUnhealthyVerdict(patient, startedAt, at("2026-12-07T21:01:00.000Z"), Array.from({ length: 20 }, () => failedCheck))).toMatchObject({ reason: "unhealthy" });
  });

  it("needs one failed check at least when retries is 0", () => {
    const once = { ...target, service: { ...service, healthcheck: { test: ["CMD", "false"], interval: "1s", retries: 0 } } };
    expect(ownUnhealthyVerdict(once, startedAt, at("2026-12-07T21:00:05.000Z"), [])).toBeUndefined();
    expect(ownUnhealthyVerdict(once, startedAt, at("2026-12-07T21:00:05.000Z"), [failedCheck])).toMatchObject({ reason: "unhealthy" });
  });
});
