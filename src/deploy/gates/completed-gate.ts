import { failed, hasExited, isCrashLooping, stopReason, type Gate, type GateContext, type GateOutcome, type GateTarget } from "./gate.js";

/** Completed: a one-shot job (a migration) ran to exit code 0. */
export const completedGate: Gate = {
  kind: "completed",
  async waitUntilReady(target: GateTarget, context: GateContext): Promise<GateOutcome> {
    for (;;) {
      const stop = stopReason(context);
      if (stop) return stop;
      const details = await context.engine.inspectContainer(target.containerId);
      if (!details) return failed("gone", "the container disappeared");
      if (isCrashLooping(details, context.events.since)) return failed("crash-loop", `restarted ${details.RestartCount} times`);
      if (hasExited(details)) {
        const code = details.State.ExitCode;
        return code === 0 ? { ok: true, at: context.now(), probes: [] } : failed("exited", `exited with code ${code}`);
      }
      await context.events.next(target.containerId, 1_000, context.signal);
    }
  },
};
