import { describe, expect, it } from "vitest";
import { watchUntilVerdict } from "./final-watch.js";
import { details, die, port3000, reasons, result, setup } from "./final-watch.fixtures.js";

// A service this run did not start (kept as it ran: unchanged, or beside a rolling update) has no
// start to wait out: the final watch judges it at its first look instead of holding it a window,
// and still fails it for a death, a restart or a state seen during the run.
describe("the final watch and the services this run did not start", () => {
  it("holds no window for them: a no-change up ends at the first look", async () => {
    const stack = setup({ w: details("w"), r: details("r") }, { w: ["2026-12-07T17:00:00.050000000Z listening\n"], r: ["2026-12-07T17:00:00.050000000Z Ready\n"] });
    const watched = await watchUntilVerdict(result({ "web1:1": "w", "cache:1": "r" }), { ...stack.options, startedServices: new Set() });
    expect(watched.failures.size).toBe(0);
    expect(stack.waited()).toBe(0);
    expect(watched.watch?.windowMs).toBe(0);
  });

  it("still holds the ones it started, and only those", async () => {
    const stack = setup({ w: details("w"), r: details("r") }, { w: ["2026-12-07T17:00:00.050000000Z listening\n"], r: ["2026-12-07T17:00:00.050000000Z Ready\n"] });
    const watched = await watchUntilVerdict(result({ "web1:1": "w", "cache:1": "r" }), { ...stack.options, startedServices: new Set(["web1"]) });
    expect(watched.failures.size).toBe(0);
    // The started one decides how long the watch lasts (twice the window after its start: it only spoke).
    expect(stack.waited()).toBe(2000);
    expect(watched.watch?.windowMs).toBe(2000);
  });

  it("fails an untouched service that died during the run, or is not running at the look", async () => {
    const stack = setup({ w: details("w"), r: details("r", { Status: "restarting", Running: false, Restarting: true }) });
    stack.events.dispatch(die("w", "1"));
    const watched = await watchUntilVerdict(result({ "web1:1": "w", "cache:1": "r" }), { ...stack.options, startedServices: new Set() });
    expect(Object.keys(reasons(watched)).sort()).toEqual(["cache", "web1"]);
  });

  it("treats every service as started when the run does not say (the watch's old contract)", async () => {
    const stack = setup({ w: details("w") }, { w: ["2026-12-07T17:00:00.050000000Z up\n"] }, { w: "" });
    const watched = await watchUntilVerdict(result({ "web:1": "w" }), { ...stack.options, project: { ...stack.options.project, services: { ...stack.options.project.services, web: { ...stack.options.project.services["web"]!, ...port3000 } } } });
    expect(stack.waited()).toBeGreaterThan(0);
    expect(watched.watch?.windowMs).toBeGreaterThan(0);
  });
});
