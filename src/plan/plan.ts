/** How a dependant waits for a service: the three `depends_on` conditions as gates. */
export type GateKind = "healthy" | "completed" | "started-stable";

/**
 * One thing the executor does. Every operation names its target; ids of containers created in the
 * same run are unknown until then, so containers are addressed by service and replica number.
 */
export type Operation =
  | { readonly kind: "create-network"; readonly network: string; readonly name: string }
  | { readonly kind: "create-volume"; readonly volume: string; readonly name: string }
  | { readonly kind: "build-image"; readonly service: string; readonly image: string }
  | { readonly kind: "ensure-image"; readonly service: string; readonly image: string; readonly pull?: "always" | "never" }
  | ContainerOperation<"create-container">
  | (ContainerOperation<"recreate-container"> & { readonly containerId: string })
  | ContainerOperation<"start-container">
  | (ContainerOperation<"restart-container"> & { readonly containerId: string })
  | (ContainerOperation<"remove-container"> & { readonly containerId: string })
  | { readonly kind: "await"; readonly service: string; readonly gate: GateKind };

interface ContainerOperation<K extends string> {
  readonly kind: K;
  readonly service: string;
  readonly number: number;
  readonly name: string;
}

export type OperationKind = Operation["kind"];

export interface Step {
  /** 1-based, in the order steps were planned (a topological order of the DAG). */
  readonly id: number;
  readonly operation: Operation;
  /** Why berth does this, in plain words: it ends up in the output and the journal. */
  readonly cause: string;
  /** Steps that must finish first. */
  readonly after: readonly number[];
  /** The subset of `after` whose failure does not block this step (`required: false`). */
  readonly optional?: readonly number[];
}

export interface Plan {
  readonly project: string;
  readonly steps: readonly Step[];
  /** Things berth noticed but will not act on (orphans without --remove-orphans, ...). */
  readonly warnings: readonly string[];
}

/** The target an operation acts on, as shown in plan text: `service:api:1`, `network:app_default`. */
export function describeTarget(operation: Operation): string {
  switch (operation.kind) {
    case "create-network":
      return `network:${operation.name}`;
    case "create-volume":
      return `volume:${operation.name}`;
    case "build-image":
    case "ensure-image":
      return `image:${operation.image}`;
    case "await":
      return `service:${operation.service}`;
    default:
      return `service:${operation.service}:${operation.number}`;
  }
}

/** The operation with its arguments: `await healthy`, `create-container`. */
function describeOperation(operation: Operation): string {
  return operation.kind === "await" ? `await ${operation.gate}` : operation.kind;
}

/**
 * Stable text of a plan, one line per step, e.g.
 * `[3] <- #1,#2 service:api:1 start-container, dependency db healthy`. Golden tests assert it and
 * `up --dry-run` prints it.
 */
export function renderPlan(plan: Plan): string {
  const lines = plan.steps.map((step) => {
    const mark = (id: number) => `#${id}${step.optional?.includes(id) ? "?" : ""}`;
    const after = step.after.length > 0 ? ` <- ${step.after.map(mark).join(",")}` : "";
    return `[${step.id}]${after} ${describeTarget(step.operation)} ${describeOperation(step.operation)}, ${step.cause}`;
  });
  const warnings = plan.warnings.map((warning) => `warning: ${warning}`);
  return [...lines, ...warnings].join("\n") + "\n";
}

/** Steps of a plan that act on one service (builds, containers, gates). */
export function stepsOfService(plan: Plan, service: string): Step[] {
  return plan.steps.filter((step) => "service" in step.operation && step.operation.service === service);
}

/** Appends steps with increasing ids; the planner's only mutable helper. */
export class PlanBuilder {
  private readonly steps: Step[] = [];
  private readonly warnings: string[] = [];

  constructor(private readonly project: string) {}

  add(operation: Operation, cause: string, after: readonly number[] = [], optional: readonly number[] = []): number {
    const id = this.steps.length + 1;
    const unique = [...new Set([...after, ...optional])].sort((a, b) => a - b);
    const soft = [...new Set(optional)].filter((o) => !after.includes(o)).sort((a, b) => a - b);
    this.steps.push({ id, operation, cause, after: unique, ...(soft.length > 0 ? { optional: soft } : {}) });
    return id;
  }

  warn(message: string): void {
    this.warnings.push(message);
  }

  build(): Plan {
    return { project: this.project, steps: [...this.steps], warnings: [...this.warnings] };
  }
}
