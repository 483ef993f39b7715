import type { Project } from "../compose/model/project.js";
import { hasHealthcheck, imageOf, isJob } from "../plan/desired.js";
import type { Operation, Plan } from "../plan/plan.js";
import { pullPolicyOf, type PullOverride } from "../plan/pull-policy.js";
import { reconcile, type ReconcileOptions } from "../plan/reconcile.js";
import { configHashOf } from "../plan/mounted-files.js";
import { classifyFailure } from "../deploy/diagnose/classify.js";
import type { Diagnosis } from "../deploy/diagnose/diagnosis.js";
import { gatherEvidence } from "../deploy/diagnose/gather-evidence.js";
import type { Engine } from "../deploy/engine-port.js";
import { EventHub } from "../deploy/event-hub.js";
import { executePlan, type ExecuteResult } from "../deploy/execute.js";
import { observeProject } from "../deploy/observe.js";
import { containerKey } from "../deploy/operations/run-context.js";
import { afterRecovery, recoverInterrupted } from "../rollout/interrupted.js";
import type { ObservedState } from "../plan/observed-state.js";
import { splitForRollouts, type SplitPlan } from "../rollout/up-rollouts.js";
import { withEdges } from "../edge/edge-services.js";
import { rollAndRecord, type UpRolloutResult } from "./roll-and-record.js";
import { watchUntilVerdict } from "../deploy/gates/final-watch.js";
import type { ProgressListener } from "../deploy/progress.js";
import type { ServiceResult, UpResult } from "./up-result.js";
import { shortImageId } from "../release/render-history.js";
import { decidePins, pinnedImages, readPins, writePins, type PinDecision } from "../release/pins.js";

export interface DeployOptions {
  readonly engine: Engine;
  readonly project: Project;
  readonly signal: AbortSignal;
  readonly waitTimeoutMs: number;
  readonly stableMs: number;
  readonly build: NonNullable<ReconcileOptions["build"]>;
  readonly removeOrphans: boolean;
  readonly forceRecreate: boolean;
  /** `up --pull`: replaces every service's `pull_policy` (`never`: no registry at all); absent: each service's own. */
  readonly pull?: PullOverride;
  /** Plan only: hand the plan to onPlan and change nothing. */
  readonly dryRun?: boolean;
  readonly onProgress?: ProgressListener;
  /** Called with the plan before it runs, and how it splits into rollouts (for `--dry-run`). */
  readonly onPlan?: (plan: Plan, split: SplitPlan) => void;
  /**
   * Awaited after planning and before anything changes (e.g. a backup before a migration job).
   * Throwing stops the run with nothing changed; resolving `true` says it changed the engine's
   * state (a backup stopped and restarted a writer), so berth observes again before executing.
   */
  readonly beforeExecute?: (plan: Plan) => Promise<boolean | void>;
  /** Where releases are recorded (`berth history`); none: not recorded. */
  readonly stateDir?: string;
  /** Both replicas serve this long in a start-first rollout (see rollout/settle.ts). */
  readonly settleMs?: number;
  readonly onRolloutStep?: (service: string, message: string) => void;
  /** `up --release latest`: services a rollback pinned to an older image get their files' image again. */
  readonly releaseLatest?: boolean;
  /** The run's engine event stream (see journalled-run.ts); none: this call reads its own. */
  readonly events?: EventHub;
}

/**
 * `berth up` without the CLI: observe, plan, execute, then explain every failure. With --build,
 * images are built first and the project observed again, so a rebuilt image recreates its
 * containers. The engine is observed once per decision (see below), and once more afterwards to
 * record the release.
 */
export async function deployProject(input: DeployOptions): Promise<UpResult> {
  // Published stateless services are deployed behind a port holder that never moves (edge/).
  const options = { ...input, project: withEdges(input.project) };
  const { engine, project } = options;
  if (options.dryRun) return planOnly({ ...options, pinned: await pinsFor(options, await observeProject(engine, project)) });
  const hub = options.events ?? new EventHub();
  const stopEvents = new AbortController();
  const events = options.events ? Promise.resolve() : hub.run(engine, project.name, AbortSignal.any([stopEvents.signal, options.signal]));
  try {
    // One engine observation per decision: the plan, the rollout split and the executor share one
    // snapshot; berth looks again only after it changed something (a recovery, a build, a backup).
    let observed = await observeProject(engine, project);
    if ((await recoverInterrupted(engine, project, observed, options.onRolloutStep)).length > 0) observed = await observeProject(engine, project);
    const buildFirst = options.build === "always" || (options.build !== "never" && wantsBuild(options));
    if (buildFirst) {
      const built = await runPlan(options, hub, buildOnly(planFrom(options, options.build === "always" ? "always" : "missing", observed)), observed);
      if (built.failures.size > 0) return await summarise(options, built, [], hub);
      observed = await observeProject(engine, project);
    }
    const pins = await pinsFor(options, observed);
    const pinned = { ...options, pinned: pins };
    const converge = planFrom(pinned, "missing", observed, buildFirst);
    // Stateless services with a healthcheck roll start-first after the rest of the plan ran.
    const before = observed;
    const split = splitForRollouts(project, before, converge);
    options.onPlan?.(converge, split);
    if ((await options.beforeExecute?.(converge)) === true) observed = await observeProject(engine, project);
    const result = await runPlan(pinned, hub, split.plan, observed);
    if (options.stateDir && pins.lifted.length + pins.kept.length > 0) await writePins(options.stateDir, pins.kept);
    const failed = new Map([...result.failures].map(([service, failure]) => [service, failure.error]));
    // verify: runUp passes its --verify flag (a boolean) through; gate probes are read by rollAndRecord.
    // The last look before the verdict: a service that died or restarted at any moment of the run fails.
    // Without rollouts it starts at the last step, while the release is recorded (its window is not delayed by that).
    const startedServices = servicesStartedBy(split.plan);
    const watch = (skip: ReadonlySet<string>) => watchUntilVerdict(result, { ...options, signal: AbortSignal.any([options.signal, stopEvents.signal]), events: hub, skip, startedServices });
    const early = split.rollouts.length === 0 ? watch(new Set()) : undefined;
    early?.catch(() => undefined);
    const rolled = await rollAndRecord({ ...options, pinned: pinnedIds(pins), verify: undefined, events: hub, settleMs: options.settleMs ?? 0, onStep: options.onRolloutStep }, split, before, failed);
    const watched = await (early ?? watch(new Set((rolled?.outcomes ?? []).map((o) => o.service))));
    const summary = { ...(await summarise(options, watched, [...liftedLines(pins), ...split.plan.warnings], hub, rolled)), ...(watched.watch ? { watch: watched.watch } : {}) };
    return split.downtime.length > 0 ? { ...summary, downtime: split.downtime } : summary;
  } finally {
    stopEvents.abort();
    await events;
  }
}

/** The services whose containers the plan creates, recreates, starts or restarts (the final watch holds only those). */
export function servicesStartedBy(plan: Plan): ReadonlySet<string> {
  const starting = new Set<Operation["kind"]>(["create-container", "recreate-container", "start-container", "restart-container"]);
  return new Set(plan.steps.flatMap(({ operation }) => (starting.has(operation.kind) && "service" in operation ? [operation.service] : [])));
}

/** A dry run plans from the state `up` would see after recovering from an interrupted rollout. */
async function planOnly(options: PinnedDeploy): Promise<UpResult> {
  const observed = await observeProject(options.engine, options.project);
  const planned = planFrom(options, options.build === "always" ? "always" : "missing", afterRecovery(observed));
  options.onPlan?.(planned, splitForRollouts(options.project, observed, planned));
  return { ok: true, project: options.project.name, services: [], warnings: [...liftedLines(options.pinned ?? { kept: [], lifted: [] }), ...planned.warnings] };
}

interface PinnedDeploy extends DeployOptions {
  /** Absent: a plan that only builds, before pins are decided. */
  readonly pinned?: PinDecision;
}

/** The rollback pins this run keeps and lifts (none without a state directory). */
async function pinsFor(options: DeployOptions, observed: ObservedState): Promise<PinDecision> {
  if (!options.stateDir) return { kept: [], lifted: [] };
  const recorded = await readPins(options.stateDir);
  if (recorded.length === 0) return { kept: [], lifted: [] };
  return decidePins(recorded, { project: options.project, releaseLatest: options.releaseLatest === true, building: imagesBuilt(options, observed) });
}

/** Image references this run builds: all buildable ones with --build, else pull_policy: build and changed contexts. */
function imagesBuilt(options: DeployOptions, observed: ObservedState): Set<string> {
  const images = new Set<string>();
  for (const service of Object.values(options.project.services)) {
    if (!service.build || options.build === "never") continue;
    const image = imageOf(options.project, service);
    const policyBuilds = options.build === "always" || pullPolicyOf(service, options.pull).policy === "build";
    if (policyBuilds || observed.staleImages?.[image] !== undefined) images.add(image);
  }
  return images;
}

function pinnedIds(pins: PinDecision): Record<string, string> {
  return Object.fromEntries(pins.kept.map((pin) => [pin.service, pin.imageId]));
}

function liftedLines(pins: PinDecision): string[] {
  return pins.lifted.map(({ pin, reason }) => `${pin.service}: no longer pinned to image ${shortImageId(pin.imageId)} of #${pin.release} (${reason})`);
}

function planFrom(options: PinnedDeploy, build: DeployOptions["build"], observed: ObservedState, built = false): Plan {
  const policy = options.build === "never" ? "never" : build;
  return reconcile(options.project, observed, {
    configHash: configHashOf(options.project),
    build: policy,
    ...(options.pull ? { pull: options.pull } : {}),
    ...(options.pinned && options.pinned.kept.length > 0 ? { pinned: pinnedImages(options.pinned.kept, options.project) } : {}),
    built,
    removeOrphans: options.removeOrphans,
    forceRecreate: options.forceRecreate,
  });
}

/** A service with `pull_policy: build` is rebuilt on every up, before anything is planned on it. */
function wantsBuild(options: DeployOptions): boolean {
  return Object.values(options.project.services).some((service) => service.build && pullPolicyOf(service, options.pull).policy === "build");
}

function buildOnly(plan: Plan): Plan {
  const steps = plan.steps.filter((step) => step.operation.kind === "build-image").map((step, i) => ({ ...step, id: i + 1, after: [] }));
  return { ...plan, steps };
}

async function runPlan(options: PinnedDeploy, events: EventHub, plan: Plan, observed: ObservedState): Promise<ExecuteResult> {
  const { pinned: decision, ...rest } = options;
  const pinned = decision && decision.kept.length > 0 ? { pinned: pinnedIds(decision) } : {};
  // The plan carries each image's pull policy; the executor only needs to know "no registry".
  // Gates pass as soon as a service without a healthcheck runs, as compose's service_started does:
  // its stability is judged once, for every service together, by the final watch.
  return executePlan(plan, { ...rest, ...pinned, stableMs: 0, pull: options.pull === "never" ? "never" : "missing", observed, events, configHash: configHashOf(options.project) });
}

async function summarise(options: DeployOptions, result: ExecuteResult, warnings: readonly string[], hub: EventHub, rolled?: UpRolloutResult): Promise<UpResult> {
  const names = Object.keys(options.project.services).sort();
  const services = await Promise.all(names.map((name) => serviceResult(options, result, name, hub, rolled)));
  const extra = [...result.failures.keys()].filter((key) => !(key in options.project.services));
  const resourceFailures = extra.map((key) => `${key}: ${result.failures.get(key)?.error ?? "failed"}`);
  const rolledOk = (rolled?.outcomes ?? []).every((o) => o.status === "replaced");
  const ok = result.failures.size === 0 && !result.interrupted && rolledOk;
  const release = rolled?.release ? { release: rolled.release.id } : {};
  const rollouts = rolled && rolled.outcomes.length > 0 ? { rollouts: rolled.outcomes } : {};
  return { ok, project: options.project.name, interrupted: result.interrupted, services, warnings: [...warnings, ...resourceFailures], ...release, ...rollouts };
}

async function serviceResult(options: DeployOptions, result: ExecuteResult, name: string, hub: EventHub, rolled?: UpRolloutResult): Promise<ServiceResult> {
  const rollout = rolled?.outcomes.find((o) => o.service === name);
  const containerId = rollout?.swapped.find((s) => s.number === 1)?.newId ?? result.containers.get(containerKey(name, 1));
  const details = containerId ? await options.engine.inspectContainer(containerId) : undefined;
  const diagnoses = [...(await diagnose(options, result, name, containerId, hub)), ...(rollout?.failure?.diagnoses ?? [])];
  const service = options.project.services[name];
  const healthyAt = rollout?.status === "replaced" ? rollout.finishedAt : result.readyAt.get(`${name}:healthy`);
  const health = !service || !hasHealthcheck(service) ? "none" : healthyAt ? "healthy" : (details?.State.Health?.Status ?? "unknown");
  return {
    service: name,
    state: details?.State.Status ?? (result.failures.get(name)?.phase === "blocked" ? "not-started" : "missing"),
    health,
    startedAt: details?.State.StartedAt && !details.State.StartedAt.startsWith("0001") ? details.State.StartedAt : null,
    healthyAt: healthyAt ? new Date(healthyAt).toISOString() : null,
    diagnoses,
    ...(isJob(options.project, name) ? { job: true } : {}),
    ...(details && !details.State.Running ? { exitCode: details.State.ExitCode } : {}),
    ...restartsOf(hub, containerId, details?.State.Running === true),
  };
}

/**
 * Restarts of the container during this run, as the summary says them ("restarted 1 time during
 * up"): its deaths, less the last one when it is not running any more (a job's exit, a final crash).
 */
function restartsOf(hub: EventHub, containerId: string | undefined, running: boolean): { restarts?: number } {
  const deaths = containerId ? hub.crashes(containerId).length : 0;
  const restarts = running ? deaths : Math.max(0, deaths - 1);
  return restarts > 0 ? { restarts } : {};
}

async function diagnose(options: DeployOptions, result: ExecuteResult, name: string, containerId: string | undefined, hub: EventHub): Promise<Diagnosis[]> {
  const failure = result.failures.get(name);
  if (!failure) return [];
  const events = containerId ? hub.describe(containerId) : [];
  const evidence = await gatherEvidence(options.engine, failure, containerId, events);
  return classifyFailure(evidence);
}
