import type { Project } from "../compose/model/project.js";
import type { Engine } from "../engine/engine.js";

// What verify needs of a stack on a Swarm manager, in verify's own terms: src/swarm/verify-read.ts
// reads it from the manager, the CLI joins the two (verify does not import swarm/, nor swarm/ verify).

/** A task Swarm wants running and that runs on a ready node. */
export interface StackTask {
  readonly id: string;
  readonly node: string;
  readonly nodeId: string;
  /** The node's address as the managers know it (where its host-mode ports listen). */
  readonly address: string;
  /** The container's id on that node. */
  readonly containerId: string;
}

/** One service of the stack, as its probes need it. */
export interface StackService {
  readonly id: string;
  readonly image: string;
  readonly env: Readonly<Record<string, string>>;
  /** Engine names of its overlay networks (`shop_data`), in the spec's order. */
  readonly networks: readonly string[];
  readonly mounts: readonly { readonly type: string; readonly source: string; readonly target: string }[];
  /** The nodes its placement constraints allow (one: pinned). */
  readonly eligibleNodes: readonly string[];
  readonly running: readonly StackTask[];
  readonly publishes: readonly { readonly published: number; readonly mode: "ingress" | "host" }[];
}

/** A service's tasks against what it should run (what `berth ps` says). */
export interface StackServiceHealth {
  readonly service: string;
  readonly mode: "replicated" | "global" | "job";
  readonly desired: number;
  readonly running: number;
  readonly completed: number;
  readonly ok: boolean;
  readonly placements: readonly { readonly task: string; readonly node: string; readonly state: string }[];
  readonly lost: readonly { readonly task: string; readonly node: string; readonly nodeState: string }[];
  readonly pending: readonly { readonly task: string; readonly state: string; readonly message: string }[];
}

/** One read of the stack through the manager. */
export interface SwarmStackRead {
  /** By the service's name in the file (`postgres`, not `shop_postgres`). */
  readonly facts: ReadonlyMap<string, StackService>;
  readonly health: readonly StackServiceHealth[];
  readonly managerId: string;
  readonly managerName: string;
  readonly managerAddress: string;
}

/** What verify asks of the manager. */
export interface StackAccess {
  read(): Promise<SwarmStackRead>;
  /** `docker service update --force`: a new task, placed again. */
  forceRestart(serviceId: string): Promise<void>;
  /** The service's UpdateStatus (`completed` when none). */
  updateState(serviceId: string): Promise<{ readonly state: string; readonly message: string }>;
}

/** What the probes of a stack on a manager need. */
export interface SwarmProbeContext {
  /** The manager's engine: observer and one-shot containers run there, on the stack's overlay networks. */
  readonly engine: Engine;
  readonly project: Project;
  readonly stack: StackAccess;
  readonly signal?: AbortSignal;
  /** Image of the network observer (any image with `node`; default node:20-bookworm-slim, as on one host). */
  readonly observerImage?: string;
}

/**
 * libpq variables for a client in another container: without a URL there is no local socket, so
 * the service's name is the host and its own POSTGRES_PASSWORD the password.
 */
export function remotePsqlEnv(env: readonly string[], service: string, serviceEnv: Readonly<Record<string, string>>): string[] {
  const has = (name: string) => env.some((line) => line.startsWith(`${name}=`));
  const password = serviceEnv["POSTGRES_PASSWORD"];
  return [...env, ...(has("PGHOST") ? [] : [`PGHOST=${service}`]), ...(has("PGPASSWORD") || password === undefined ? [] : [`PGPASSWORD=${password}`])];
}
