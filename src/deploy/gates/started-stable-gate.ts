import { failed, hasExited, isCrashLooping, stopReason, type Gate, type GateContext, type GateOutcome, type GateTarget } from "./gate.js";

/**
 * Started: running through a stabilisation window, so a crash loop is not taken for "up".
 * A container that already ran longer than the window passes at once; one that exited 0 is a
 * finished job and passes too.
 */
export const startedStableGate: Gate = {
  kind: "started-stable",
  async waitUntilReady(target: GateTarget, context: GateContext): Promise<GateOutcome> {
    let restarts: number | undefined;
    const firstSeen = context.now();
    for (;;) {
      const stop = stopReason(context);
      if (stop) return stop;
      const details = await context.engine.inspectContainer(target.containerId);
      if (!details) return failed("gone", "the container disappeared");
      restarts ??= details.RestartCount;
      if (isCrashLooping(details, context.events.since) || details.RestartCount > restarts) return failed("crash-loop", `restarted ${details.RestartCount} times`);
      if (hasExited(details)) {
        return details.State.ExitCode === 0 ? { ok: true, at: context.now(), probes: [] } : failed("exited", `exited with code ${details.State.ExitCode}`);
      }
      // An engine that reports no start time: count from when this gate first looked.
      const started = Date.parse(details.State.StartedAt);
      const runningFor = context.now() - (Number.isNaN(started) ? firstSeen : started);
      if (details.State.Running && !details.State.Restarting && runningFor >= context.stableMs) return { ok: true, at: context.now(), probes: [] };
      const remaining = context.stableMs - runningFor;
      await context.events.next(target.containerId, Math.max(50, remaining), context.signal);
    }
  },
};
