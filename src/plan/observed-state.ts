/**
 * One snapshot of what the engine holds for a project, found by its `com.docker.compose.*` labels.
 * Pure data: deploy/observe.ts fills it from the engine, tests build it by hand.
 */
export interface ObservedState {
  readonly project: string;
  readonly containers: readonly ObservedContainer[];
  /** Project networks and volumes by their engine name. */
  readonly networks: readonly ObservedResource[];
  readonly volumes: readonly ObservedResource[];
  /** Local images by reference (`redis:7`, `berth-up-backend`) → image id; absent: not present. */
  readonly images: Readonly<Record<string, string>>;
  /**
   * Built images whose recorded build inputs (the `io.berth.build-digest` label) differ from the
   * build context now: image reference → why. Images without the label are never listed.
   */
  readonly staleImages?: Readonly<Record<string, string>>;
}

export type ContainerStatus = "created" | "running" | "paused" | "restarting" | "removing" | "exited" | "dead";

export interface ObservedContainer {
  readonly id: string;
  readonly name: string;
  readonly service: string;
  readonly number: number;
  readonly oneoff: boolean;
  readonly status: ContainerStatus;
  readonly exitCode: number;
  /** `com.docker.compose.config-hash`; absent on containers berth or compose did not create. */
  readonly configHash: string | undefined;
  readonly imageId: string;
  /** The service's `image:` when the container was created (`io.berth.image-ref`); absent on older containers. */
  readonly imageRef?: string;
  readonly health: "starting" | "healthy" | "unhealthy" | undefined;
}

export interface ObservedResource {
  readonly name: string;
  readonly id: string;
}

/** An empty snapshot: a project the engine has never seen. */
export function emptyObservedState(project: string): ObservedState {
  return { project, containers: [], networks: [], volumes: [], images: {} };
}
