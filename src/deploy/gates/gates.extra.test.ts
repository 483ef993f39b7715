import { describe, expect, it } from "vitest";
import type { ContainerDetails } from "../../engine/engine.js";
import { FakeEngine } from "../../engine/fake-engine.js";
import { testProject } from "../../plan/test-project.js";
import { EventHub } from "../event-hub.js";
import { completedGate } from "./completed-gate.js";
import type { GateContext, GateOutcome } from "./gate.js";
import { selectGate } from "./select-gate.js";
import { startedStableGate } from "./started-stable-gate.js";

interface Look {
  /** The clock at this look (ms). */
  readonly at: number;
  readonly state?: Partial<ContainerDetails["State"]>;
  readonly restarts?: number;
  /** The container is gone. */
  readonly gone?: boolean;
}

/**
 * Runs a gate against scripted inspect answers, one per look, the clock set by each; an event
 * after each look wakes the gate at once, so no test waits for a cadence.
 */
async function gateOver(gate: typeof startedStableGate, looks: readonly Look[], options: { stableMs?: number; deadline?: number; aborted?: boolean } = {}): Promise<{ outcome: GateOutcome; looked: number }> {
  let clock = looks[0]?.at ?? 0;
  let looked = 0;
  const events = new EventHub();
  // The run began 1 s after the epoch: containers started at 0 ran before it.
  events.since = 1_000;
  class Scripted extends FakeEngine {
    override async inspectContainer(): Promise<ContainerDetails | undefined> {
      const look = looks[Math.min(looked, looks.length - 1)] as Look;
      looked += 1;
      clock = look.at;
      setTimeout(() => events.dispatch({ type: "container", action: "exec_die", id: "c1", attributes: {}, time: clock }), 0);
      if (look.gone) return undefined;
      const State = { Status: "running", Running: true, Restarting: false, ExitCode: 0, StartedAt: "1970-01-01T00:00:00.000Z", ...look.state };
      return { Id: "c1", RestartCount: look.restarts ?? 0, State } as unknown as ContainerDetails;
    }
  }
  const stop = new AbortController();
  if (options.aborted) stop.abort();
  const context: GateContext = { engine: new Scripted(), events, signal: stop.signal, deadline: options.deadline ?? 1_000_000, stableMs: options.stableMs ?? 1_000, now: () => clock };
  const service = testProject("shop", { api: { image: "app:1" } }).services["api"];
  if (service === undefined) throw new Error("no service");
  const outcome = await gate.waitUntilReady({ service, containerId: "c1" }, context);
  return { outcome, looked };
}

const startedAt = (ms: number) => new Date(ms).toISOString();

describe("startedStableGate", () => {
  it("passes at once a container that has run longer than the window", async () => {
    const { outcome, looked } = await gateOver(startedStableGate, [{ at: 10_000, state: { StartedAt: startedAt(5_000) } }]);
    expect([outcome, looked]).toEqual([{ ok: true, at: 10_000, probes: [] }, 1]);
  });

  it("waits out the window for a container that just started, then passes", async () => {
    const { outcome, looked } = await gateOver(startedStableGate, [
      { at: 10_000, state: { StartedAt: startedAt(9_900) } },
      { at: 10_500, state: { StartedAt: startedAt(9_900) } },
      { at: 11_000, state: { StartedAt: startedAt(9_900) } },
    ]);
    expect([outcome, looked]).toEqual([{ ok: true, at: 11_000, probes: [] }, 3]);
  });

  it("counts from its first look when the engine reports no usable start time", async () => {
    const { outcome, looked } = await gateOver(startedStableGate, [
      { at: 10_000, state: { StartedAt: "" } },
      { at: 10_600, state: { StartedAt: "" } },
      { at: 11_000, state: { StartedAt: "" } },
    ]);
    expect([outcome.ok, looked]).toEqual([true, 3]);
  });

  it("calls a restart during the window a crash loop, not a start", async () => {
    const { outcome } = await gateOver(startedStableGate, [
      { at: 10_000, state: { StartedAt: startedAt(9_900) }, restarts: 0 },
      { at: 10_300, state: { StartedAt: startedAt(10_250) }, restarts: 1 },
    ]);
    expect(outcome).toEqual({ ok: false, reason: "crash-loop", detail: "restarted 1 times", probes: [] });
  });

  it.each([
    ["restarting again after a restart", { Running: false, Restarting: true }, 1, "crash-loop", "restarted 1 times"],
    ["restarted twice during the run before the first look", { StartedAt: "1970-01-01T00:00:05.000Z" }, 2, "crash-loop", "restarted 2 times"],
    ["in a restart loop now, whenever its restarts began", { Restarting: true, Running: true }, 1, "crash-loop", "restarted 1 times"],
    ["exited with an error", { Running: false, Status: "exited", ExitCode: 3 }, 0, "exited", "exited with code 3"],
  ])("fails a container %s", async (_, state, restarts, reason, detail) => {
    const { outcome } = await gateOver(startedStableGate, [{ at: 10_000, state, restarts }]);
    expect(outcome).toMatchObject({ ok: false, reason, detail });
  });

  // A loop that ended before this run (its dependency was missing then) leaves RestartCount 3 on
  // a container that has run steadily since: no evidence against it (a real stack failed every up).
  it("passes a running container whose restarts all happened before this run", async () => {
    expect((await gateOver(startedStableGate, [{ at: 10_000, state: {}, restarts: 3 }])).outcome.ok).toBe(true);
  });

  it("passes a container that already exited 0 (a finished job), and waits for one still `created`", async () => {
    expect((await gateOver(startedStableGate, [{ at: 10_000, state: { Running: false, Status: "exited", ExitCode: 0 } }])).outcome.ok).toBe(true);
    const created = await gateOver(startedStableGate, [{ at: 10_000, state: { Running: false, Status: "created" } }, { at: 10_100, state: { Running: false, Status: "exited", ExitCode: 0 } }]);
    expect([created.outcome.ok, created.looked]).toEqual([true, 2]);
  });

  it("says the container disappeared, and stops at the deadline or on interruption without looking", async () => {
    expect((await gateOver(startedStableGate, [{ at: 10_000, gone: true }])).outcome).toMatchObject({ ok: false, reason: "gone", detail: "the container disappeared" });
    // The deadline is checked before each look: a look past it that still finds the window open is the last.
    const late = await gateOver(startedStableGate, [{ at: 10_000, state: { StartedAt: startedAt(9_999) } }, { at: 20_000, state: { StartedAt: startedAt(19_999) } }], { deadline: 15_000 });
    expect([late.outcome, late.looked]).toEqual([{ ok: false, reason: "timeout", detail: "wait timeout reached", probes: [] }, 2]);
    const stopped = await gateOver(startedStableGate, [{ at: 10_000 }], { aborted: true });
    expect([stopped.outcome, stopped.looked]).toEqual([{ ok: false, reason: "aborted", detail: "interrupted", probes: [] }, 0]);
  });
});

describe("completedGate", () => {
  it("waits while the job runs and passes when it exits 0, at the time it saw the exit", async () => {
    const { outcome, looked } = await gateOver(completedGate, [{ at: 1_000 }, { at: 2_000 }, { at: 3_000, state: { Running: false, Status: "exited", ExitCode: 0 } }]);
    expect([outcome, looked]).toEqual([{ ok: true, at: 3_000, probes: [] }, 3]);
  });

  it.each([
    [{ Running: false, Status: "exited", ExitCode: 1 }, 0, { reason: "exited", detail: "exited with code 1" }],
    [{ Running: false, Restarting: true }, 1, { reason: "crash-loop", detail: "restarted 1 times" }],
  ])("fails a job that %j (restarts %i)", async (state, restarts, failure) => {
    expect((await gateOver(completedGate, [{ at: 1_000, state, restarts }])).outcome).toMatchObject({ ok: false, ...failure });
  });
});

describe("selectGate", () => {
  it.each([["healthy"], ["completed"], ["started-stable"]] as const)("gives the %s gate for its kind", (kind) => {
    expect(selectGate(kind).kind).toBe(kind);
  });
});
