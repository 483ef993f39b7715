import { OperationFailed } from "../common/errors.js";
import { runSwarmJob, type JobResult, type SwarmJobPort } from "./backup-job.js";
import { pinningOf, type Pinning, type PlacementNode } from "./backup-placement.js";
import type { SwarmPort } from "./swarm-port.js";

/** A manager's API as a Swarm backup uses it. */
export type SwarmBackupPort = SwarmJobPort & Pick<SwarmPort, "services" | "tasks" | "nodes">;

/** The fields of a stack service a backup reads (the raw `GET /services` object has them). */
interface DatastoreServiceFields {
  readonly ID: string;
  readonly Spec: {
    readonly Name: string;
    readonly TaskTemplate?: {
      readonly ContainerSpec?: { readonly Image?: string; readonly Env?: readonly string[]; readonly Command?: readonly string[]; readonly Args?: readonly string[] };
      readonly Placement?: { readonly Constraints?: readonly string[] };
      readonly Networks?: readonly { readonly Target: string }[];
    };
  };
}

/** A stack's datastore service as a backup, drill or restore acts on it. */
export interface SwarmDatastore {
  readonly service: string;
  readonly serviceId: string;
  /** `<stack>_<service>`: `tasks.<this>` resolves to its task's address on the stack's networks. */
  readonly fullName: string;
  /** The image as the service spec holds it (with the digest Swarm pinned, when it did). */
  readonly image: string;
  readonly env: Readonly<Record<string, string>>;
  /** Entrypoint and command as the spec has them (Command + Args). */
  readonly command: readonly string[];
  /** The node of the running task: where its volume is. */
  readonly nodeId: string;
  readonly nodeName: string;
  /** The first stack network the service is on (jobs join it to reach the server). */
  readonly networkId?: string;
  readonly pinning: Pinning;
}

type DatastorePort = Pick<SwarmPort, "services" | "tasks" | "nodes">;

/**
 * Finds the service of the stack and the node its running task is on. OperationFailed when the
 * stack has no such service or no task of it runs (a dump needs the server).
 */
export async function findSwarmDatastore(port: DatastorePort, stack: string, service: string): Promise<SwarmDatastore> {
  const fullName = `${stack}_${service}`;
  const found = ((await port.services(stack)) as unknown as DatastoreServiceFields[]).find((candidate) => candidate.Spec.Name === fullName);
  if (found === undefined) throw new OperationFailed("backup.no-container", `stack ${stack} has no service ${service} on this Swarm`, { hint: "deploy it first: berth up" });
  const [tasks, nodes] = await Promise.all([port.tasks(found.ID), port.nodes() as Promise<unknown> as Promise<PlacementNode[]>]);
  const running = tasks.find((task) => task.DesiredState === "running" && task.Status.State === "running" && task.NodeID !== undefined && task.NodeID !== "");
  if (running === undefined) {
    const states = tasks.filter((task) => task.DesiredState === "running").map((task) => `${task.Status.State}${task.Status.Err ? ` (${task.Status.Err})` : ""}`);
    throw new OperationFailed("backup.not-running", `service ${service} has no running task${states.length > 0 ? `: its task is ${states.join(", ")}` : ""}`, { hint: `start it first: berth up (see berth ps -p ${stack})` });
  }
  const nodeId = running.NodeID as string;
  const template = found.Spec.TaskTemplate;
  const networkId = template?.Networks?.[0]?.Target;
  return {
    service,
    serviceId: found.ID,
    fullName,
    image: template?.ContainerSpec?.Image ?? "",
    env: envOf(template?.ContainerSpec?.Env ?? []),
    command: [...(template?.ContainerSpec?.Command ?? []), ...(template?.ContainerSpec?.Args ?? [])],
    nodeId,
    nodeName: nodes.find((node) => node.ID === nodeId)?.Description?.Hostname ?? nodeId,
    ...(networkId === undefined ? {} : { networkId }),
    pinning: pinningOf(service, template?.Placement?.Constraints ?? [], nodes),
  };
}

function envOf(lines: readonly string[]): Record<string, string> {
  return Object.fromEntries(lines.map((line) => (line.includes("=") ? [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)] : [line, ""])));
}

/** A job for the datastore's node, as the backup code asks for it (src/backup/swarm-jobs.ts). */
export interface DatastoreJob {
  readonly role: "backup" | "drill" | "restore";
  readonly script: string;
  readonly env: Readonly<Record<string, string>>;
  readonly input?: Buffer;
  readonly network: boolean;
}

/**
 * What the backup code's LocateDatastore needs: for a service of the stack, its running task's
 * node and a `run` that starts a job there (on the service's first network when asked).
 */
export function datastoreLocator(port: SwarmBackupPort, stack: string, bounds: { timeoutMs: number; signal?: AbortSignal }) {
  return async (service: string): Promise<SwarmDatastore & { run(job: DatastoreJob): Promise<JobResult> }> => {
    const datastore = await findSwarmDatastore(port, stack, service);
    return {
      ...datastore,
      run: (job) =>
        runSwarmJob(port, {
          stack,
          role: job.role,
          service,
          image: datastore.image,
          nodeId: datastore.nodeId,
          script: job.script,
          env: job.env,
          ...(job.network && datastore.networkId !== undefined ? { networkId: datastore.networkId } : {}),
          ...(job.input === undefined ? {} : { input: job.input }),
          timeoutMs: bounds.timeoutMs,
          ...(bounds.signal === undefined ? {} : { signal: bounds.signal }),
        }),
    };
  };
}
