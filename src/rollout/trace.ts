/**
 * Phase timing of a rollout for measurements (`BERTH_TRACE=1 berth up`): one stderr line per step,
 * `berth-trace +1834 ms backend: successor of replica 1 healthy`, counted from the start of the
 * process (performance.now()), so process start and planning show as the first step's offset.
 * Off unless BERTH_TRACE is set; step messages name containers and services, never values.
 */
export type TraceSink = (line: string) => void;

export function traceFrom(env: NodeJS.ProcessEnv, sink: TraceSink = (line) => void process.stderr.write(line)): ((step: string) => void) | undefined {
  const value = env["BERTH_TRACE"];
  if (value === undefined || value === "" || value === "0") return undefined;
  return (step) => sink(traceLine(performance.now(), step));
}

/** Pure: one trace line. */
export function traceLine(ms: number, step: string): string {
  return `berth-trace +${Math.round(ms)} ms ${step}\n`;
}

/** An onStep that also traces each step (or the same onStep when tracing is off). */
export function tracedSteps(onStep: ((service: string, message: string) => void) | undefined, trace: ((step: string) => void) | undefined): ((service: string, message: string) => void) | undefined {
  if (!trace) return onStep;
  return (service, message) => {
    trace(`${service}: ${message}`);
    onStep?.(service, message);
  };
}
