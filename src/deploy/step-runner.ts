import type { Operation } from "../plan/plan.js";
import { replicasOf } from "../plan/desired.js";
import type { GateContext, GateOutcome } from "./gates/gate.js";
import { selectGate } from "./gates/select-gate.js";
import { createContainer, recreateContainer, removeContainer, restartContainer, startContainer } from "./operations/containers.js";
import { buildImage, ensureImage } from "./operations/images.js";
import { createNetwork, createVolume } from "./operations/resources.js";
import { containerKey, serviceOf, StepFailure, type RunContext } from "./operations/run-context.js";
import type { ServicePhase } from "./progress.js";

/** Runs one operation; a failed gate becomes a StepFailure carrying its outcome. */
export async function runOperation(operation: Operation, context: RunContext, gates: GateContext): Promise<GateOutcome | undefined> {
  switch (operation.kind) {
    case "create-network":
      return void (await createNetwork(context, operation.network, operation.name));
    case "create-volume":
      return void (await createVolume(context, operation.volume, operation.name));
    case "build-image":
      return void (await buildImage(context, operation.service, operation.image));
    case "ensure-image":
      return void (await ensureImage(context, operation.image, operation.pull));
    case "create-container":
      return void (await createContainer(context, operation));
    case "recreate-container":
      return void (await recreateContainer(context, operation, operation.containerId));
    case "start-container":
      return void (await startContainer(context, operation));
    case "restart-container":
      return void (await restartContainer(context, operation.containerId));
    case "remove-container":
      return void (await removeContainer(context, operation.containerId, operation.service));
    case "await":
      return awaitService(context, gates, operation.service, operation.gate);
  }
}

/** Waits for every replica; the slowest one decides when the service is ready. */
async function awaitService(context: RunContext, gates: GateContext, name: string, kind: Extract<Operation, { kind: "await" }>["gate"]): Promise<GateOutcome> {
  const service = serviceOf(context, name);
  const gate = selectGate(kind);
  const outcomes: GateOutcome[] = [];
  for (let number = 1; number <= replicasOf(service); number++) {
    const containerId = context.containers.get(containerKey(name, number));
    if (!containerId) throw new StepFailure("gate", `no container for ${name} replica ${number}`);
    const outcome = await gate.waitUntilReady({ service, containerId }, gates);
    if (!outcome.ok) throw new GateFailure(kind, outcome);
    outcomes.push(outcome);
  }
  const latest = Math.max(gates.now() - 1, ...outcomes.map((o) => (o.ok ? o.at : 0)));
  return { ok: true, at: outcomes.length > 0 ? latest : gates.now(), probes: outcomes.flatMap((o) => o.probes) };
}

export class GateFailure extends StepFailure {
  constructor(
    readonly gate: string,
    readonly outcome: Extract<GateOutcome, { ok: false }>,
  ) {
    super("gate", `${gate}: ${outcome.detail}`);
  }
}

/** The phase a service is in while an operation runs. */
export function phaseOf(operation: Operation): ServicePhase {
  const phases: Record<Operation["kind"], ServicePhase> = {
    "create-network": "creating",
    "create-volume": "creating",
    "build-image": "building",
    "ensure-image": "pulling",
    "create-container": "creating",
    "recreate-container": "recreating",
    "start-container": "starting",
    "restart-container": "starting",
    "remove-container": "removing",
    await: "waiting",
  };
  return phases[operation.kind];
}
