import type { Project } from "../compose/model/project.js";
import { hasHealthcheck } from "../plan/desired.js";
import type { Plan } from "../plan/plan.js";
import { reconcile, type ReconcileOptions } from "../plan/reconcile.js";
import { serviceConfigHash } from "../engine/config-hash.js";
import { classifyFailure } from "./diagnose/classify.js";
import type { Diagnosis } from "./diagnose/diagnosis.js";
import { gatherEvidence } from "./diagnose/gather-evidence.js";
import type { Engine } from "./engine-port.js";
import { EventHub } from "./event-hub.js";
import { executePlan, type ExecuteResult } from "./execute.js";
import { observeProject } from "./observe.js";
import { containerKey } from "./operations/run-context.js";
import type { ProgressListener } from "./progress.js";
import type { ServiceResult, UpResult } from "./up-result.js";

export interface DeployOptions {
  readonly engine: Engine;
  readonly project: Project;
  readonly signal: AbortSignal;
  readonly waitTimeoutMs: number;
  readonly stableMs: number;
  readonly build: NonNullable<ReconcileOptions["build"]>;
  readonly removeOrphans: boolean;
  readonly forceRecreate: boolean;
  /** `never`: do not try a registry for missing images (compose's `up --pull never`). */
  readonly pull?: "missing" | "never";
  /** Plan only: hand the plan to onPlan and change nothing. */
  readonly dryRun?: boolean;
  readonly onProgress?: ProgressListener;
  /** Called with the plan before it runs (for `--dry-run` and verbose output). */
  readonly onPlan?: (plan: Plan) => void;
  /**
   * Awaited after planning and before anything changes (e.g. a backup before a migration job).
   * Throwing stops the run with nothing changed.
   */
  readonly beforeExecute?: (plan: Plan) => Promise<void>;
}

/**
 * `berth up` without the CLI: observe, plan, execute, then explain every failure. With --build,
 * images are built first and the project observed again, so a rebuilt image recreates its
 * containers.
 */
export async function deployProject(options: DeployOptions): Promise<UpResult> {
  const { engine, project } = options;
  if (options.dryRun) return planOnly(options);
  const hub = new EventHub();
  const stopEvents = new AbortController();
  const events = hub.run(engine, project.name, AbortSignal.any([stopEvents.signal, options.signal]));
  try {
    if (options.build === "always") {
      const built = await runPlan(options, hub, buildOnly(await plan(options, "always")));
      if (built.failures.size > 0) return await summarise(options, built, [], hub);
    }
    const converge = await plan(options, "missing");
    options.onPlan?.(converge);
    await options.beforeExecute?.(converge);
    const result = await runPlan(options, hub, converge);
    return await summarise(options, result, converge.warnings, hub);
  } finally {
    stopEvents.abort();
    await events;
  }
}

async function planOnly(options: DeployOptions): Promise<UpResult> {
  const planned = await plan(options, options.build === "always" ? "always" : "missing");
  options.onPlan?.(planned);
  return { ok: true, project: options.project.name, services: [], warnings: planned.warnings };
}

async function plan(options: DeployOptions, build: DeployOptions["build"]): Promise<Plan> {
  const observed = await observeProject(options.engine, options.project);
  const policy = options.build === "never" ? "never" : build;
  return reconcile(options.project, observed, {
    configHash: serviceConfigHash,
    build: policy,
    removeOrphans: options.removeOrphans,
    forceRecreate: options.forceRecreate,
  });
}

function buildOnly(plan: Plan): Plan {
  const steps = plan.steps.filter((step) => step.operation.kind === "build-image").map((step, i) => ({ ...step, id: i + 1, after: [] }));
  return { ...plan, steps };
}

async function runPlan(options: DeployOptions, events: EventHub, plan: Plan): Promise<ExecuteResult> {
  const observed = await observeProject(options.engine, options.project);
  return executePlan(plan, { ...options, observed, events, configHash: serviceConfigHash });
}

async function summarise(options: DeployOptions, result: ExecuteResult, warnings: readonly string[], hub: EventHub): Promise<UpResult> {
  const names = Object.keys(options.project.services).sort();
  const services = await Promise.all(names.map((name) => serviceResult(options, result, name, hub)));
  const extra = [...result.failures.keys()].filter((key) => !(key in options.project.services));
  const resourceFailures = extra.map((key) => `${key}: ${result.failures.get(key)?.error ?? "failed"}`);
  const ok = result.failures.size === 0 && !result.interrupted;
  return { ok, project: options.project.name, interrupted: result.interrupted, services, warnings: [...warnings, ...resourceFailures] };
}

async function serviceResult(options: DeployOptions, result: ExecuteResult, name: string, hub: EventHub): Promise<ServiceResult> {
  const containerId = result.containers.get(containerKey(name, 1));
  const details = containerId ? await options.engine.inspectContainer(containerId) : undefined;
  const diagnoses = await diagnose(options, result, name, containerId, hub);
  const service = options.project.services[name];
  const healthyAt = result.readyAt.get(`${name}:healthy`);
  const health = !service || !hasHealthcheck(service) ? "none" : healthyAt ? "healthy" : (details?.State.Health?.Status ?? "unknown");
  return {
    service: name,
    state: details?.State.Status ?? (result.failures.get(name)?.phase === "blocked" ? "not-started" : "missing"),
    health,
    startedAt: details?.State.StartedAt && !details.State.StartedAt.startsWith("0001") ? details.State.StartedAt : null,
    healthyAt: healthyAt ? new Date(healthyAt).toISOString() : null,
    diagnoses,
  };
}

async function diagnose(options: DeployOptions, result: ExecuteResult, name: string, containerId: string | undefined, hub: EventHub): Promise<Diagnosis[]> {
  const failure = result.failures.get(name);
  if (!failure) return [];
  const events = containerId ? hub.describe(containerId) : [];
  const evidence = await gatherEvidence(options.engine, failure, containerId, events);
  return classifyFailure(evidence);
}
