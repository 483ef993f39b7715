import type { NodeFields } from "./stack-tasks.js";
import type { ExistingService, SwarmTask } from "./swarm-port.js";
import type { FileObjectSpec, ServiceSpec } from "./swarm-spec.js";
import type { SwarmBackupPort } from "./backup-datastore.js";

/** What a fake job does: its end state and output, from its spec and the secrets it was given. */
export type FakeJob = (spec: ServiceSpec, inputs: ReadonlyMap<string, Buffer>) => { state?: string; exitCode?: number; err?: string; stdout?: string; stderr?: string } | "never";

/**
 * An in-memory manager for unit tests of Swarm backups (never for e2e): one stack service with a
 * running task on a node, nodes with labels, and jobs played by a function. Every call is logged
 * in order; a secret in use by a service cannot be removed, as on a manager.
 */
export class FakeBackupPort implements SwarmBackupPort {
  readonly calls: string[] = [];
  readonly secrets = new Map<string, { name: string; data: Buffer }>();
  readonly jobs = new Map<string, ServiceSpec>();
  private ids = 0;

  constructor(
    private readonly job: FakeJob,
    readonly datastore: { stack: string; service: string; constraints: readonly string[]; nodeId: string; env?: readonly string[]; running?: boolean },
    readonly nodeList: readonly (NodeFields & { Spec?: { Labels?: Record<string, string> } })[] = [1, 2, 3].map((n) => ({ ID: `n${n}`, Description: { Hostname: `node-${n}` }, Spec: { Labels: { "berth.node": String(n) } } })),
  ) {}

  async nodes() {
    return this.nodeList as NodeFields[];
  }
  async services(stack: string) {
    if (stack !== this.datastore.stack) return [];
    const spec = { Name: `${stack}_${this.datastore.service}`, Labels: { "com.docker.stack.namespace": stack }, TaskTemplate: { ContainerSpec: { Image: "postgres:15", Env: [...(this.datastore.env ?? ["POSTGRES_USER=notes", "POSTGRES_DB=notes", "POSTGRES_PASSWORD=s3cret"])] }, Placement: { Constraints: [...this.datastore.constraints] }, Networks: [{ Target: "net-data" }] } };
    return [{ ID: "svc-db", Version: { Index: 1 }, Spec: spec } as unknown as ExistingService];
  }
  async tasks(serviceId: string): Promise<SwarmTask[]> {
    if (serviceId === "svc-db") return [{ ID: "t-db", ServiceID: serviceId, NodeID: this.datastore.nodeId, DesiredState: "running", Status: { State: this.datastore.running === false ? "pending" : "running" } }];
    const spec = this.jobs.get(serviceId);
    if (spec === undefined) return [];
    const inputs = new Map((spec.TaskTemplate.ContainerSpec.Secrets ?? []).map((ref) => [ref.File.Name, this.secrets.get(ref.SecretID ?? "")?.data ?? Buffer.alloc(0)]));
    const played = this.job(spec, inputs);
    if (played === "never") return [{ ID: `t-${serviceId}`, ServiceID: serviceId, DesiredState: "complete", CreatedAt: "2026-12-08T00:00:00Z", Status: { State: "pending", Err: "no suitable node" } }];
    const state = played.state ?? ((played.exitCode ?? 0) === 0 ? "complete" : "failed");
    return [{ ID: `t-${serviceId}`, ServiceID: serviceId, NodeID: this.datastore.nodeId, DesiredState: "complete", CreatedAt: "2026-12-08T00:00:00Z", Status: { State: state, ...(played.err === undefined ? {} : { Err: played.err }), ContainerStatus: { ExitCode: played.exitCode ?? 0 } } }];
  }
  async serviceOutput(serviceId: string) {
    const spec = this.jobs.get(serviceId);
    if (spec === undefined) return { stdout: "", stderr: "" };
    const inputs = new Map((spec.TaskTemplate.ContainerSpec.Secrets ?? []).map((ref) => [ref.File.Name, this.secrets.get(ref.SecretID ?? "")?.data ?? Buffer.alloc(0)]));
    const played = this.job(spec, inputs);
    return played === "never" ? { stdout: "", stderr: "" } : { stdout: played.stdout ?? "", stderr: played.stderr ?? "" };
  }
  async createService(spec: ServiceSpec) {
    const id = `job${(this.ids += 1)}`;
    this.calls.push(`create service ${spec.Name.replace(/[0-9a-f]{8}$/, "X")}`);
    this.jobs.set(id, spec);
    return id;
  }
  async removeService(id: string) {
    this.calls.push(`remove service ${this.jobs.get(id)?.Name.replace(/[0-9a-f]{8}$/, "X") ?? id}`);
    this.jobs.delete(id);
  }
  async createFileObject(spec: FileObjectSpec) {
    const id = `sec${(this.ids += 1)}`;
    this.calls.push(`create secret ${spec.Name.replace(/[0-9a-f]{8}-/, "X-")}`);
    this.secrets.set(id, { name: spec.Name, data: Buffer.from(spec.Data, "base64") });
    return id;
  }
  async removeFileObject(_kind: "secret" | "config", id: string) {
    const inUse = [...this.jobs.values()].some((spec) => (spec.TaskTemplate.ContainerSpec.Secrets ?? []).some((ref) => ref.SecretID === id));
    if (inUse) throw new Error(`secret ${id} is in use by a service`);
    this.calls.push(`remove secret ${this.secrets.get(id)?.name.replace(/[0-9a-f]{8}-/, "X-") ?? id}`);
    this.secrets.delete(id);
  }
}
