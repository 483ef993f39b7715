/** What a service is doing, as progress views show it. */
export type ServicePhase =
  | "building"
  | "pulling"
  | "creating"
  | "recreating"
  | "starting"
  | "waiting"
  | "healthy"
  | "completed"
  | "running"
  | "up-to-date"
  | "removing"
  | "failed"
  | "blocked";

export interface ProgressEvent {
  readonly service: string;
  readonly phase: ServicePhase;
  /** Epoch milliseconds. */
  readonly at: number;
  readonly detail?: string;
}

export type ProgressListener = (event: ProgressEvent) => void;
