/**
 * What a backup on a Swarm manager needs of the Swarm, as an interface the Swarm target fills in
 * (src/swarm/backup-datastore.ts): the datastore's running task and its node, and a way to run a
 * one-shot job on that node whose output comes back through the manager.
 */

/** A script run once on the datastore's node. */
export interface NodeJob {
  readonly role: "backup" | "drill" | "restore";
  readonly script: string;
  readonly env: Readonly<Record<string, string>>;
  /** Bytes the script finds at /run/secrets/berth-in-NNNN (a drill's or restore's artifact). */
  readonly input?: Buffer;
  /** Join the datastore's network, to reach the live server (a drill stays off it). */
  readonly network: boolean;
}

export interface NodeJobResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  /** Swarm's word on a task that did not complete (rejected, failed to start). */
  readonly taskError?: string;
}

/** A stack's datastore with a running task, and jobs on its node. */
export interface DatastoreOnNode {
  readonly service: string;
  /** `<stack>_<service>`: `tasks.<this>` resolves to its task's address on the stack's networks. */
  readonly fullName: string;
  /** The image as the service spec holds it (with the digest Swarm pinned, when it did). */
  readonly image: string;
  readonly env: Readonly<Record<string, string>>;
  /** The task's entrypoint and command as the spec has them (a Redis password may be on it). */
  readonly command: readonly string[];
  /** Hostname of the node of the running task: where its volume is. */
  readonly nodeName: string;
  /** Whether the placement allows exactly one node, and why not. */
  readonly pinning: { readonly pinned: boolean; readonly reason?: string };
  run(job: NodeJob): Promise<NodeJobResult>;
}

/** Finds a service's running task (OperationFailed when it has none). */
export type LocateDatastore = (service: string) => Promise<DatastoreOnNode>;
