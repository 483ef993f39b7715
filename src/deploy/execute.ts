import type { Service } from "../compose/model/project.js";
import type { ObservedState } from "../plan/observed-state.js";
import { describeTarget, type Plan, type Step } from "../plan/plan.js";
import type { FailurePhase } from "./diagnose/diagnosis.js";
import type { Engine, ProbeResult } from "./engine-port.js";
import type { EventHub } from "./event-hub.js";
import type { GateContext } from "./gates/gate.js";
import { containerKey, StepFailure, type RunContext } from "./operations/run-context.js";
import type { ProgressListener } from "./progress.js";
import { GateFailure, phaseOf, runOperation } from "./step-runner.js";
import type { Project } from "../compose/model/project.js";

export interface ExecuteOptions {
  readonly engine: Engine;
  readonly project: Project;
  readonly observed: ObservedState;
  readonly events: EventHub;
  readonly signal: AbortSignal;
  readonly waitTimeoutMs: number;
  readonly stableMs: number;
  readonly configHash: (service: Service) => string;
  readonly pull?: "missing" | "never";
  /** Service → image id a rollback pinned it to (release/pins.ts). */
  readonly pinned?: Readonly<Record<string, string>>;
  readonly onProgress?: ProgressListener;
  readonly now?: () => number;
}

/** Why a service did not come up, as the executor saw it; diagnose/ turns it into words. */
export interface ServiceFailure {
  readonly service: string;
  readonly phase: FailurePhase;
  readonly error: string;
  readonly buildLog?: string;
  readonly image?: string;
  readonly gate?: { readonly kind: string; readonly reason: string; readonly detail: string };
  readonly probes?: readonly ProbeResult[];
  readonly blockedBy?: readonly string[];
}

export interface ExecuteResult {
  readonly failures: ReadonlyMap<string, ServiceFailure>;
  /** When each `service:gate` passed (epoch ms). */
  readonly readyAt: ReadonlyMap<string, number>;
  /** Container ids by `service:number` after the run. */
  readonly containers: ReadonlyMap<string, string>;
  readonly interrupted: boolean;
}

type StepState = "pending" | "running" | "ok" | "failed" | "blocked";

/**
 * Walks the plan's DAG against the engine: every step starts as soon as the steps it comes after
 * succeeded, so independent services converge in parallel. A failure blocks only what depends on
 * it; the rest of the stack still comes up, so one run diagnoses every broken service.
 */
export async function executePlan(plan: Plan, options: ExecuteOptions): Promise<ExecuteResult> {
  const walk = new DagWalk(plan, options);
  await walk.run();
  return walk.result();
}

class DagWalk {
  private readonly state = new Map<number, StepState>();
  private readonly blockedBy = new Map<number, Set<string>>();
  private readonly failures = new Map<string, ServiceFailure>();
  private readonly readyAt = new Map<string, number>();
  private readonly context: RunContext;
  private readonly gates: GateContext;
  private readonly now: () => number;
  private buildQueue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly plan: Plan,
    private readonly options: ExecuteOptions,
  ) {
    this.now = options.now ?? Date.now;
    const containers = new Map(options.observed.containers.filter((c) => !c.oneoff).map((c) => [containerKey(c.service, c.number), c.id]));
    const onProgress = options.onProgress;
    // Build output streams as the service's progress: a line at a time, as it arrives.
    const onBuildOutput = onProgress ? (service: string, line: string) => onProgress({ service, phase: "building", at: this.now(), detail: line }) : undefined;
    this.context = { engine: options.engine, project: options.project, signal: options.signal, containers, configHash: options.configHash, pull: options.pull ?? "missing", ...(options.pinned ? { pinned: options.pinned } : {}), ...(onBuildOutput ? { onBuildOutput } : {}) };
    const deadline = this.now() + options.waitTimeoutMs;
    this.gates = { engine: options.engine, events: options.events, signal: options.signal, deadline, stableMs: options.stableMs, now: this.now };
    for (const step of plan.steps) this.state.set(step.id, "pending");
  }

  async run(): Promise<void> {
    const running = new Map<number, Promise<void>>();
    for (;;) {
      this.blockUnreachable();
      if (!this.options.signal.aborted) for (const step of this.readySteps()) running.set(step.id, this.launch(step).finally(() => running.delete(step.id)));
      if (running.size === 0) return;
      await Promise.race(running.values());
    }
  }

  private readySteps(): Step[] {
    const settled = (step: Step, id: number) => this.state.get(id) === "ok" || (step.optional?.includes(id) === true && this.isFinished(id));
    return this.plan.steps.filter((s) => this.state.get(s.id) === "pending" && s.after.every((id) => settled(s, id)));
  }

  private isFinished(id: number): boolean {
    const state = this.state.get(id);
    return state === "failed" || state === "blocked" || state === "ok";
  }

  /** Marks pending steps whose prerequisites failed, remembering which service blocked them. */
  private blockUnreachable(): void {
    for (const step of this.plan.steps) {
      if (this.state.get(step.id) !== "pending") continue;
      const culprits = step.after.filter((id) => !step.optional?.includes(id)).flatMap((id) => this.culpritsOf(id));
      if (culprits.length === 0) continue;
      this.state.set(step.id, "blocked");
      this.blockedBy.set(step.id, new Set(culprits));
      this.recordBlocked(step, culprits);
    }
  }

  private culpritsOf(id: number): string[] {
    const state = this.state.get(id);
    if (state === "blocked") return [...(this.blockedBy.get(id) ?? [])];
    if (state !== "failed") return [];
    const operation = this.plan.steps[id - 1]?.operation;
    if (!operation) return [`step ${id}`];
    return ["service" in operation ? operation.service : describeTarget(operation)];
  }

  private recordBlocked(step: Step, culprits: string[]): void {
    const operation = step.operation;
    if (!("service" in operation) || this.failures.has(operation.service)) return;
    const blockedBy = [...new Set(culprits)].filter((c) => c !== operation.service).sort();
    if (blockedBy.length === 0) return;
    this.failures.set(operation.service, { service: operation.service, phase: "blocked", error: `blocked by ${blockedBy.join(", ")}`, blockedBy });
    this.options.onProgress?.({ service: operation.service, phase: "blocked", at: this.now(), detail: `waiting for ${blockedBy.join(", ")}, which failed` });
  }

  private async launch(step: Step): Promise<void> {
    this.state.set(step.id, "running");
    const operation = step.operation;
    const service = "service" in operation ? operation.service : undefined;
    if (service) this.options.onProgress?.({ service, phase: phaseOf(operation), at: this.now(), detail: step.cause });
    try {
      const outcome = await (operation.kind === "build-image" ? this.serialBuild(step) : runOperation(operation, this.context, this.gates));
      this.state.set(step.id, "ok");
      if (operation.kind === "await" && outcome?.ok && service) this.markReady(service, operation.gate, outcome.at);
    } catch (error) {
      this.state.set(step.id, "failed");
      this.recordFailure(step, error);
    }
  }

  /** Builds run one at a time: two at once only fight over two cores. */
  private serialBuild(step: Step): Promise<undefined> {
    const run = this.buildQueue.then(() => runOperation(step.operation, this.context, this.gates)).then(() => undefined);
    this.buildQueue = run.catch(() => undefined);
    return run;
  }

  private markReady(service: string, gate: string, at: number): void {
    this.readyAt.set(`${service}:${gate}`, at);
    const phase = gate === "healthy" ? "healthy" : gate === "completed" ? "completed" : "running";
    this.options.onProgress?.({ service, phase, at });
  }

  private recordFailure(step: Step, error: unknown): void {
    const operation = step.operation;
    const service = "service" in operation ? operation.service : describeTarget(operation);
    if (this.failures.has(service)) return;
    this.failures.set(service, toFailure(service, error));
    this.options.onProgress?.({ service, phase: "failed", at: this.now(), detail: error instanceof Error ? error.message : String(error) });
  }

  result(): ExecuteResult {
    return { failures: this.failures, readyAt: this.readyAt, containers: this.context.containers, interrupted: this.options.signal.aborted };
  }
}

function toFailure(service: string, error: unknown): ServiceFailure {
  if (error instanceof GateFailure) {
    const gate = { kind: error.gate, reason: error.outcome.reason, detail: error.outcome.detail };
    return { service, phase: "gate", error: error.message, gate, probes: error.outcome.probes };
  }
  if (error instanceof StepFailure) return { service, phase: error.phase, error: error.message, ...error.details };
  return { service, phase: "start", error: error instanceof Error ? error.message : String(error) };
}
