import type { Project, Service } from "../../compose/model/project.js";
import type { FailurePhase } from "../diagnose/diagnosis.js";
import type { Engine } from "../engine-port.js";

/** What operations share during one run. */
export interface RunContext {
  readonly engine: Engine;
  readonly project: Project;
  readonly signal: AbortSignal;
  /** Container ids by `service:number`: observed ones, then those created in this run. */
  readonly containers: Map<string, string>;
  readonly configHash: (service: Service) => string;
  /** `never` (--pull never): a missing image fails instead of being pulled. */
  readonly pull: "missing" | "never";
  /** Services pinned by a rollback (release/pins.ts): their containers are created from this image id. */
  readonly pinned?: Readonly<Record<string, string>>;
  /** Each line of build output as it arrives, so `up --build` streams it. */
  readonly onBuildOutput?: (service: string, line: string) => void;
}

/** An operation that did not succeed; the executor turns it into evidence, not a crash. */
export class StepFailure extends Error {
  constructor(
    readonly phase: FailurePhase,
    message: string,
    readonly details: { readonly buildLog?: string; readonly image?: string } = {},
  ) {
    super(message);
  }
}

export const containerKey = (service: string, number: number) => `${service}:${number}`;

export function serviceOf(context: RunContext, name: string): Service {
  const service = context.project.services[name];
  if (!service) throw new StepFailure("create", `service ${name} is not in the project`);
  return service;
}

/** Runs an engine call, turning its error into a StepFailure of the given phase. */
export async function inPhase<T>(phase: FailurePhase, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof StepFailure) throw error;
    throw new StepFailure(phase, error instanceof Error ? error.message : String(error));
  }
}
