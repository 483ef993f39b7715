import type { NodeFields } from "./stack-tasks.js";
import type { FileObjectSpec, NetworkSpec, ServiceSpec } from "./swarm-spec.js";

/** A Swarm object found by name or label. */
export interface NamedObject {
  readonly ID: string;
  readonly Name: string;
}

/** A service as `GET /services` returns it (the fields the deploy reads). */
export interface ExistingService {
  readonly ID: string;
  readonly Version: { readonly Index: number };
  readonly CreatedAt?: string;
  readonly UpdatedAt?: string;
  readonly Spec: { readonly Name: string; readonly Labels?: Readonly<Record<string, string>>; readonly TaskTemplate?: { readonly ForceUpdate?: number; readonly ContainerSpec?: { readonly Image?: string; readonly Mounts?: readonly { readonly Type?: string; readonly Source?: string }[] } } };
  /** The spec before the last update: what `docker service rollback` returns to. */
  readonly PreviousSpec?: { readonly Labels?: Readonly<Record<string, string>>; readonly TaskTemplate?: { readonly ContainerSpec?: { readonly Image?: string } } };
  readonly UpdateStatus?: { readonly State?: string; readonly Message?: string; readonly StartedAt?: string };
}

/** A task as `GET /tasks` returns it (the fields the gates and diagnosis read). */
export interface SwarmTask {
  readonly ID: string;
  readonly ServiceID: string;
  readonly NodeID?: string;
  readonly Slot?: number;
  readonly CreatedAt?: string;
  readonly DesiredState: string;
  readonly Status: { readonly State: string; readonly Err?: string; readonly Message?: string; readonly Timestamp?: string; readonly ContainerStatus?: { readonly ExitCode?: number } };
}

/**
 * What berth's Swarm target asks of a manager: the stack's networks, secrets, configs, services
 * and tasks, found by the stack's label. swarm-client.ts implements it over the Engine API.
 */
export interface SwarmPort {
  nodes(): Promise<NodeFields[]>;
  /** The manager's own node id (volumes on it can be removed through it). */
  localNodeId(): Promise<string>;
  networks(stack: string): Promise<NamedObject[]>;
  networkNamed(name: string): Promise<NamedObject | undefined>;
  createNetwork(spec: NetworkSpec): Promise<void>;
  removeNetwork(id: string): Promise<void>;
  fileObjects(kind: "secret" | "config", stack: string): Promise<NamedObject[]>;
  fileObjectNamed(kind: "secret" | "config", name: string): Promise<NamedObject | undefined>;
  createFileObject(spec: FileObjectSpec): Promise<string>;
  removeFileObject(kind: "secret" | "config", id: string): Promise<void>;
  services(stack: string): Promise<ExistingService[]>;
  service(id: string): Promise<ExistingService>;
  createService(spec: ServiceSpec): Promise<string>;
  updateService(id: string, version: number, spec: ServiceSpec): Promise<void>;
  /** `docker service rollback`: the service returns to its PreviousSpec through its rollback_config (at `version`, its current one). */
  rollbackService(id: string, version: number): Promise<void>;
  removeService(id: string): Promise<void>;
  tasks(serviceId: string): Promise<SwarmTask[]>;
  /** The last lines a service's tasks printed (`docker service logs --tail`), empty when unavailable. */
  serviceLogs(serviceId: string, tail: number): Promise<string>;
  /** Removes a volume on the manager's own node; false when it does not exist there. */
  removeLocalVolume(name: string): Promise<boolean>;
}
