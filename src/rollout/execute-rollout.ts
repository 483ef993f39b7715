import type { Project, Service } from "../compose/model/project.js";
import { classifyFailure } from "../deploy/diagnose/classify.js";
import type { Diagnosis } from "../deploy/diagnose/diagnosis.js";
import { gateProbeFailed } from "../deploy/diagnose/gate-failed.js";
import { gatherEvidence } from "../deploy/diagnose/gather-evidence.js";
import type { Engine } from "../deploy/engine-port.js";
import type { EventHub } from "../deploy/event-hub.js";
import type { GateContext, GateOutcome } from "../deploy/gates/gate.js";
import { healthyGate } from "../deploy/gates/healthy-gate.js";
import { addressesOn, startAddressKeeper, type AddressKeeper } from "./address-keeper.js";
import { discard, hiddenNetworks, joinDiscovery, promote, reinstate, retireOld, startSuccessor, type SuccessorInputs } from "./replica-ops.js";
import type { RolloutFailure, RolloutOutcome, SwappedReplica, VerifyVerdict } from "./rollout-outcome.js";
import type { Replacement, ServiceRollout } from "./rollout-plan.js";
import { observeSettle, settleAfterJoin, type Settle } from "./settle.js";
import { watchSteady } from "./watch-steady.js";

export interface RolloutOptions {
  readonly engine: Engine;
  readonly project: Project;
  readonly events: EventHub;
  readonly signal: AbortSignal;
  /** Upper bound on waiting for a successor to be healthy when update_config has no monitor. */
  readonly waitTimeoutMs: number;
  /**
   * How long both run after the successor is healthy, so proxies that cache DNS (nginx
   * `resolver ... valid=5s`) learn the new address before the old one goes; the successor must
   * stay running and healthy throughout.
   */
  readonly settleMs: number;
  readonly configHash: (service: Service) => string;
  /** The image the successor runs: the service's tag, or a recorded image id on rollback. */
  readonly image: string;
  /** `gate: true` verify probes, run against a healthy successor. */
  readonly verify?: ((service: string, containerId: string) => Promise<VerifyVerdict>) | undefined;
  /** Called as the rollout starts, so what `verify` needs starts beside the first successor. */
  readonly warmVerify?: ((service: string) => void) | undefined;
  readonly onStep?: ((service: string, message: string) => void) | undefined;
  /** Phase timing for measurements (trace.ts): the steps onStep does not show. */
  readonly trace?: ((step: string) => void) | undefined;
  readonly now?: () => number;
}

interface BatchResult {
  readonly started: SwappedReplica[];
  /** containerId: the successor that failed; none when the engine failed before one existed. */
  readonly failure?: { readonly reason: string; readonly detail: string; readonly containerId?: string | undefined; readonly outcome?: GateOutcome; readonly verdict?: VerifyVerdict };
}

/**
 * Replaces a service's replicas batch by batch. Start-first: the successor starts beside the old
 * replica with the same aliases, must pass the healthy gate (and verify probes) and stay steady
 * while proxies re-resolve; only then the old one drains and stops. A failure removes the
 * successors of the batch and, with failure_action rollback, brings back the replicas already
 * replaced, so the old version keeps serving throughout.
 */
export async function executeRollout(rollout: ServiceRollout, options: RolloutOptions): Promise<RolloutOutcome> {
  const now = options.now ?? Date.now;
  const startedAt = now();
  const service = options.project.services[rollout.service] as Service;
  const done: { replacement: Replacement; swap: SwappedReplica }[] = [];
  let failure: RolloutFailure | undefined;
  // How long the clients keep the old address, read from them while the first successor starts.
  const settle = observeSettle(options.engine, options.project, rollout.service, options.settleMs).catch((): Settle => ({ ms: options.settleMs, why: "while proxies re-resolve" }));
  options.warmVerify?.(rollout.service);
  for (const [index, batch] of rollout.batches.entries()) {
    if (index > 0 && rollout.policy.delayMs > 0) await sleep(rollout.policy.delayMs, options.signal);
    const result = await replaceBatch(rollout, service, batch, { ...options, settle });
    if (!result.failure) {
      done.push(...batch.map((replacement, i) => ({ replacement, swap: result.started[i] as SwappedReplica })));
      continue;
    }
    failure = await explain(options, rollout.service, result.failure);
    // The successors go first (stop-first ones hold the old replicas' names), then every old
    // replica of the batch is running under its own name again, whatever step failed.
    await Promise.all(result.started.map((swap) => discard(options.engine, service, swap.newId)));
    await Promise.all(batch.map((r) => reinstate(options.engine, r)));
    if (rollout.policy.failureAction === "continue") continue;
    if (rollout.policy.failureAction === "rollback") {
      if (done.length > 0) options.onStep?.(rollout.service, `rolling back ${done.length} replaced replica(s)`);
      await restore(options, service, done);
      return { service: rollout.service, status: "rolled-back", swapped: [], failure, startedAt, finishedAt: now() };
    }
    break;
  }
  await Promise.all(done.map(({ replacement }) => options.engine.removeContainer(replacement.oldId, { force: true }).catch(() => undefined)));
  const status = !failure ? "replaced" : rollout.policy.failureAction === "continue" ? "continued-after-failure" : "paused";
  return { service: rollout.service, status, swapped: done.map((d) => d.swap), ...(failure ? { failure } : {}), startedAt, finishedAt: now() };
}

/**
 * One batch: successors up and proven, then the old replicas retired and the successors renamed.
 * An engine error at any step (create, start, a network, a stop, a rename) is a failure of the
 * batch like an unhealthy successor: the caller removes what started and puts the old ones back.
 */
/** The executor's options with the settle observed for this service (settle.ts). */
interface BatchOptions extends RolloutOptions {
  readonly settle: Promise<Settle>;
  /** Called once the successors are proven: the old replicas' address keepers start. */
  readonly startKeepers?: () => void;
}

async function replaceBatch(rollout: ServiceRollout, service: Service, batch: readonly Replacement[], options: BatchOptions): Promise<BatchResult> {
  const started: SwappedReplica[] = [];
  // Start-first: one keeper per old replica (address-keeper.ts), started once the successors are
  // proven, so it takes no CPU from their start; it has the settle to come up.
  const keepers: AddressKeeper[] = [];
  const startKeepers = () => {
    if (rollout.policy.order === "start-first") keepers.push(...batch.map(() => startAddressKeeper(options.engine, options.project.name, options.settle.then((s) => s.ms, () => 0))));
  };
  try {
    return await swapBatch(rollout, service, batch, { ...options, startKeepers }, started, keepers);
  } catch (error) {
    const detail = `the engine failed during the ${rollout.policy.order} update: ${error instanceof Error ? error.message : String(error)}`;
    return { started, failure: { reason: "engine-error", detail, containerId: started.at(-1)?.newId } };
  } finally {
    await Promise.all(keepers.map((keeper) => keeper.close()));
  }
}

async function swapBatch(rollout: ServiceRollout, service: Service, batch: readonly Replacement[], options: BatchOptions, started: SwappedReplica[], keepers: readonly AddressKeeper[]): Promise<BatchResult> {
  const { engine } = options;
  const inputs = { engine, project: options.project, service, image: options.image, configHash: options.configHash(service) };
  const startFirst = rollout.policy.order === "start-first";
  if (!startFirst) for (const r of batch) await retireOld(engine, service, r);
  const hidden = startFirst ? hiddenNetworks(options.project, service) : new Set<string>();
  for (const r of batch) {
    options.onStep?.(rollout.service, startFirst ? `starting ${r.nextName} beside ${r.oldName}` : `starting ${r.oldName} after stopping the old one`);
    started.push({ number: r.number, oldId: r.oldId, newId: await startSuccessor(inputs, r, startFirst ? r.nextName : r.oldName, hidden) });
    options.trace?.(`${rollout.service}: ${startFirst ? r.nextName : r.oldName} started`);
  }
  const failure = await proveBatch(rollout, service, started, options, () => joinAll(inputs, started, hidden));
  if (failure) return { started, failure };
  const taking: Promise<void>[] = [];
  if (startFirst) for (const [i, r] of batch.entries()) taking.push((await retireKept(options, service, r, hidden, keepers[i])).taking);
  options.trace?.(`${rollout.service}: old replica(s) stopped`);
  if (startFirst) for (const [i, r] of batch.entries()) await promote(engine, r, (started[i] as SwappedReplica).newId);
  options.trace?.(`${rollout.service}: successor(s) renamed`);
  // The keepers took the addresses beside the renames; the batch ends once they did.
  await Promise.all(taking);
  return { started };
}

/**
 * Stops an old replica; its addresses, read first, go to its keeper the moment they are free.
 * Resolves once it stopped and stepped aside; `taking`, once the keeper took them.
 */
async function retireKept(options: BatchOptions, service: Service, replacement: Replacement, hidden: ReadonlySet<string>, keeper: AddressKeeper | undefined): Promise<{ taking: Promise<void> }> {
  const addresses = keeper ? await addressesOn(options.engine, replacement.oldId, hidden) : new Map<string, string>();
  let taking = Promise.resolve();
  const afterStop = async (taker: AddressKeeper) => {
    options.trace?.(`${service.name}: ${replacement.oldName} stopped`);
    taking = taker.take(addresses).then((kept) => options.trace?.(`${service.name}: ${replacement.oldName}: address keeper: ${kept}`));
    // Never an unhandled rejection while the renames run; the batch awaits it.
    taking.catch(() => undefined);
  };
  await retireOld(options.engine, service, replacement, keeper && (() => afterStop(keeper)));
  return { taking };
}

async function joinAll(inputs: SuccessorInputs, started: readonly SwappedReplica[], hidden: ReadonlySet<string>): Promise<void> {
  for (const swap of started) await joinDiscovery(inputs, swap.newId, hidden);
}

/**
 * Healthy gate within the monitor window and verify probes; then the successors join discovery
 * and must stay steady while proxies re-resolve.
 */
async function proveBatch(rollout: ServiceRollout, service: Service, started: readonly SwappedReplica[], options: BatchOptions, join: () => Promise<void>): Promise<BatchResult["failure"]> {
  const now = options.now ?? Date.now;
  const gates: GateContext = { engine: options.engine, events: options.events, signal: options.signal, deadline: now() + (rollout.policy.monitorMs ?? options.waitTimeoutMs), stableMs: 0, now };
  for (const swap of started) {
    const outcome = await healthyGate.waitUntilReady({ service, containerId: swap.newId }, gates);
    if (!outcome.ok) return { reason: outcome.reason, detail: outcome.detail, containerId: swap.newId, outcome };
    options.onStep?.(rollout.service, `successor of replica ${swap.number} healthy`);
    const verdict = await options.verify?.(rollout.service, swap.newId);
    if (verdict && !verdict.ok) return { reason: "verify", detail: verdict.detail, containerId: swap.newId, verdict };
    if (verdict) options.onStep?.(rollout.service, `successor of replica ${swap.number}: ${verdict.detail}`);
  }
  options.startKeepers?.();
  if (rollout.policy.order === "stop-first") return undefined;
  await join();
  const joinedAt = Date.now();
  options.trace?.(`${rollout.service}: joined discovery`);
  const settle = await options.settle;
  const settleMs = settleAfterJoin(settle, joinedAt);
  options.trace?.(`${rollout.service}: settle ${settleMs} of at most ${settle.ms} ms, ${settle.grid ? `proxy clock offset ${settle.grid.offsetMs.lo}..${settle.grid.offsetMs.hi} ms, joined at ${joinedAt % 1000} ms past the second` : "no proxy clock read"}`);
  const onGrid = settle.grid && settleMs < settle.ms ? ` (nginx's answers run out on a whole second of its clock: at most ${settle.ms} ms)` : "";
  options.onStep?.(rollout.service, `serving beside the old replica(s) for ${settleMs} ms ${settle.why}${onGrid}`);
  // A grid's wait ends at a moment fixed by the join; any other wait runs in full from here, as it always did.
  const waitMs = settle.grid ? Math.max(0, settleMs - (Date.now() - joinedAt)) : settleMs;
  const unsteady = await watchSteady(options.engine, started.map((s) => s.newId), waitMs, options.signal);
  return unsteady ? { ...unsteady, reason: "unsteady" } : undefined;
}

/** Puts back the replicas already replaced: old ones start and pass the gate before successors go. */
async function restore(options: RolloutOptions, service: Service, done: readonly { replacement: Replacement; swap: SwappedReplica }[]): Promise<void> {
  const gates: GateContext = { engine: options.engine, events: options.events, signal: options.signal, deadline: Date.now() + options.waitTimeoutMs, stableMs: 0, now: Date.now };
  for (const { replacement, swap } of done) {
    await options.engine.renameContainer(swap.newId, replacement.nextName);
    await reinstate(options.engine, replacement);
    await healthyGate.waitUntilReady({ service, containerId: replacement.oldId }, gates);
    await discard(options.engine, service, swap.newId);
  }
}

/** The same diagnoses `up` gives, gathered from the successor before it is removed. */
async function explain(options: RolloutOptions, service: string, failure: NonNullable<BatchResult["failure"]>): Promise<RolloutFailure> {
  const probes = failure.outcome?.probes ?? [];
  const gate = { kind: failure.reason === "verify" ? "verify" : "healthy", reason: failure.reason, detail: failure.detail };
  // An engine error is no gate verdict: it is diagnosed as the failed operation it was.
  const failed = failure.reason === "engine-error" ? { service, phase: "start" as const, error: failure.detail } : { service, phase: "gate" as const, error: `${gate.kind}: ${failure.detail}`, gate, probes };
  const evidence = await gatherEvidence(options.engine, failed, failure.containerId);
  const diagnoses: Diagnosis[] = failure.verdict ? gateDiagnoses(service, failure.verdict, classifyFailure(evidence)) : classifyFailure(evidence);
  options.onStep?.(service, `failed: ${failure.detail}`);
  return { reason: failure.reason, detail: failure.detail, diagnoses };
}

/** A failed gate probe is the cause; other findings (a crash meanwhile) follow, the generic fallback does not. */
function gateDiagnoses(service: string, verdict: VerifyVerdict, classified: readonly Diagnosis[]): Diagnosis[] {
  const probe = gateProbeFailed(service, verdict.container ?? "the new container", verdict.failed ?? [{ probe: "gate", target: service, failures: [verdict.detail] }]);
  return [probe, ...classified.filter((d) => d.code !== "operation-failed")];
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
  });
}
