import type { Service } from "../compose/model/project.js";
import { observeProject } from "../deploy/observe.js";
import { configHashOf } from "../plan/mounted-files.js";
import { imageOf } from "../plan/desired.js";
import type { ObservedState } from "../plan/observed-state.js";
import type { Release } from "../release/release.js";
import { releaseOfRun } from "../release/release-of-run.js";
import { recordRelease } from "../release/release-store.js";
import { gateVerifier } from "../rollout/gate-probes.js";
import type { RolloutOutcome, VerifyVerdict } from "../rollout/rollout-outcome.js";
import type { RolloutOptions } from "../rollout/execute-rollout.js";
import { runRollouts } from "../rollout/run-rollouts.js";
import type { SplitPlan } from "../rollout/up-rollouts.js";
import { traceFrom, tracedSteps } from "../rollout/trace.js";
import { asKeptByFiles } from "../rollout/kept-hash.js";

/** What `up` hands the rollouts: the executor's own options (rollout/execute-rollout.ts), and what to record. */
export interface UpRolloutOptions extends Pick<RolloutOptions, "engine" | "project" | "events" | "signal" | "waitTimeoutMs" | "settleMs"> {
  /** Where releases are recorded; none: nothing is recorded. */
  readonly stateDir?: string | undefined;
  readonly verify?: ((service: string, containerId: string) => Promise<VerifyVerdict>) | undefined;
  readonly onStep?: ((service: string, message: string) => void) | undefined;
  /** Service → the image id a rollback pinned it to (release/pins.ts): its replacements run that. */
  readonly pinned?: Readonly<Record<string, string>>;
}

export interface UpRolloutResult {
  readonly outcomes: readonly RolloutOutcome[];
  readonly release: Release | undefined;
}

/**
 * After `up` ran the rest of its plan: roll the selected services (skipping those whose image
 * failed to build) and record the release. `failed` lists services the plan failed on, as lines.
 */
export async function rollAndRecord(options: UpRolloutOptions, split: SplitPlan, before: ObservedState, failed: ReadonlyMap<string, string>): Promise<UpRolloutResult> {
  const rollouts = split.rollouts.filter((r) => !failed.has(r.service));
  const image = (service: string) => options.pinned?.[service] ?? imageOf(options.project, options.project.services[service] as Service);
  // Gate probes run from one observer container per network, started beside the first successor.
  const gates = options.verify ? undefined : gateVerifier({ engine: options.engine, project: options.project, signal: options.signal, gates: split.gates });
  const verify = options.verify ?? gates?.verify;
  const trace = rollouts.length > 0 ? traceFrom(process.env) : undefined;
  trace?.(`rolling ${rollouts.map((r) => r.service).join(", ")}`);
  const rolling = runRollouts(rollouts, { ...options, verify, warmVerify: gates?.warm, configHash: configHashOf(options.project), onStep: tracedSteps(options.onStep, trace), trace }, image);
  const outcomes = await rolling.catch(async (error: unknown) => {
    await gates?.close();
    throw error;
  });
  trace?.("rollouts done");
  // The observers go while the release is recorded; both are awaited before `up` goes on.
  const closed = gates?.close() ?? Promise.resolve();
  if (!options.stateDir) return await closed.then(() => ({ outcomes, release: undefined }));
  // A container kept under a new tag of its image is recorded as running what the files say.
  const after = asKeptByFiles(options.project, await observeProject(options.engine, options.project), configHashOf(options.project));
  const targets = new Map(rollouts.map((r) => [r.service, { imageId: options.pinned?.[r.service] ?? after.images[image(r.service)] ?? "", cause: r.cause }]));
  const otherFailures = [...failed].map(([service, error]) => `${service}: ${error}`);
  const draft = releaseOfRun({ project: options.project, command: "up", before, after, outcomes, targets, otherFailures, at: new Date().toISOString() });
  const changed = draft.changes.length > 0 || draft.outcome !== "deployed";
  const [release] = await Promise.all([changed ? recordRelease(options.stateDir, draft) : undefined, closed]);
  trace?.("release recorded");
  return { outcomes, release };
}
