import type { NodeFields } from "./stack-tasks.js";
import type { ExistingService, NamedObject, SwarmPort, SwarmTask } from "./swarm-port.js";
import type { ServiceSpec } from "./swarm-spec.js";

/** How a fake service's tasks look at the n-th time they are read (0 first), after it was created or updated. */
export type TaskScript = (poll: number, spec: ServiceSpec) => readonly Omit<SwarmTask, "ServiceID" | "CreatedAt">[];

/**
 * An in-memory Swarm manager for unit tests of the deploy and removal logic (never for e2e): it
 * keeps networks, secrets, configs and services as the API would, plays each service's tasks
 * from a script, and logs every call in order so tests can assert the sequence.
 */
export class FakeSwarmPort implements SwarmPort {
  readonly calls: string[] = [];
  readonly networkList: NamedObject[] = [];
  readonly objectList: { kind: "secret" | "config"; object: NamedObject; labels: Readonly<Record<string, string>> }[] = [];
  readonly serviceList: (ExistingService & { spec: ServiceSpec; previous?: ServiceSpec; polls: number; tasksAt: string })[] = [];
  readonly localVolumes = new Set<string>();
  private clock = Date.parse("2026-12-07T10:00:00Z");
  private ids = 0;

  constructor(
    private readonly scripts: Readonly<Record<string, TaskScript>> = {},
    readonly nodeList: NodeFields[] = [{ ID: "n1", Description: { Hostname: "node-1" } }, { ID: "n2", Description: { Hostname: "node-2" } }, { ID: "n3", Description: { Hostname: "node-3" } }],
    private readonly local = "n1",
  ) {}

  private next(prefix: string): string {
    this.ids += 1;
    return `${prefix}${this.ids}`;
  }

  private tick(): string {
    this.clock += 1000;
    return new Date(this.clock).toISOString();
  }

  async nodes() {
    return this.nodeList;
  }
  async localNodeId() {
    return this.local;
  }
  async networks(stack: string) {
    return this.networkList.filter((network) => network.Name.startsWith(`${stack}_`));
  }
  async networkNamed(name: string) {
    return this.networkList.find((network) => network.Name === name);
  }
  async createNetwork(spec: { Name: string }) {
    this.calls.push(`create network ${spec.Name}`);
    this.networkList.push({ ID: this.next("net"), Name: spec.Name });
  }
  async removeNetwork(id: string) {
    const index = this.networkList.findIndex((network) => network.ID === id);
    this.calls.push(`remove network ${this.networkList[index]?.Name ?? id}`);
    this.networkList.splice(index, 1);
  }
  async fileObjects(kind: "secret" | "config", stack: string) {
    return this.objectList.filter((entry) => entry.kind === kind && entry.labels["com.docker.stack.namespace"] === stack).map((entry) => entry.object);
  }
  async fileObjectNamed(kind: "secret" | "config", name: string) {
    return this.objectList.find((entry) => entry.kind === kind && entry.object.Name === name)?.object;
  }
  async createFileObject(spec: { kind: "secret" | "config"; Name: string; Labels: Readonly<Record<string, string>> }) {
    this.calls.push(`create ${spec.kind} ${spec.Name}`);
    const object = { ID: this.next(spec.kind), Name: spec.Name };
    this.objectList.push({ kind: spec.kind, object, labels: spec.Labels });
    return object.ID;
  }
  async removeFileObject(kind: "secret" | "config", id: string) {
    const index = this.objectList.findIndex((entry) => entry.kind === kind && entry.object.ID === id);
    this.calls.push(`remove ${kind} ${this.objectList[index]?.object.Name ?? id}`);
    this.objectList.splice(index, 1);
  }
  async services(stack: string) {
    return this.serviceList.filter((service) => service.Spec.Labels?.["com.docker.stack.namespace"] === stack);
  }
  async service(id: string) {
    const found = this.serviceList.find((service) => service.ID === id);
    if (found === undefined) throw new Error(`no service ${id}`);
    return found;
  }
  async createService(spec: ServiceSpec) {
    this.calls.push(`create service ${spec.Name}`);
    const now = this.tick();
    // As a 20.10 manager does: the first tasks are created between the service's CreatedAt and its UpdatedAt.
    const later = (ms: number) => new Date(Date.parse(now) + ms).toISOString();
    const service = { ID: this.next("svc"), Version: { Index: 1 }, CreatedAt: now, UpdatedAt: later(4), Spec: { ...spec, Labels: { ...spec.Labels } }, spec, polls: 0, tasksAt: later(2) };
    this.serviceList.push(service);
    return service.ID;
  }
  async updateService(id: string, version: number, spec: ServiceSpec) {
    this.calls.push(`update service ${spec.Name} at version ${version}`);
    const index = this.serviceList.findIndex((service) => service.ID === id);
    const old = this.serviceList[index];
    if (old === undefined) throw new Error(`no service ${id}`);
    const updated = this.tick();
    this.serviceList[index] = { ...old, Version: { Index: version + 1 }, UpdatedAt: updated, Spec: { ...spec, Labels: { ...spec.Labels } }, PreviousSpec: old.Spec, previous: old.spec, spec, polls: 0, tasksAt: new Date(Date.parse(updated) + 2).toISOString() };
  }
  /** As a manager does: back to the previous spec (refused at a stale version or without one), the rollback completed at once. */
  async rollbackService(id: string, version: number) {
    const index = this.serviceList.findIndex((service) => service.ID === id);
    const old = this.serviceList[index];
    if (old === undefined) throw new Error(`no service ${id}`);
    this.calls.push(`rollback service ${old.Spec.Name} at version ${version}`);
    if (old.Version.Index !== version) throw new Error("update out of sequence");
    if (old.previous === undefined) throw new Error(`service ${old.Spec.Name} does not have a previous spec`);
    const at = this.tick();
    const previous = old.previous;
    this.serviceList[index] = { ...old, Version: { Index: version + 1 }, UpdatedAt: at, Spec: { ...previous, Labels: { ...previous.Labels } }, PreviousSpec: old.Spec, previous: old.spec, spec: previous, polls: 0, tasksAt: new Date(Date.parse(at) + 2).toISOString(), UpdateStatus: { State: "rollback_completed", Message: "rollback completed", StartedAt: at } };
  }
  async removeService(id: string) {
    const index = this.serviceList.findIndex((service) => service.ID === id);
    this.calls.push(`remove service ${this.serviceList[index]?.Spec.Name ?? id}`);
    this.serviceList.splice(index, 1);
  }
  async tasks(serviceId: string): Promise<SwarmTask[]> {
    const service = await this.service(serviceId);
    const script = this.scripts[service.Spec.Name];
    const poll = service.polls;
    service.polls += 1;
    const tasks = script ? script(poll, service.spec) : defaultTasks(service.spec);
    return tasks.map((task) => ({ ...task, ServiceID: serviceId, CreatedAt: service.tasksAt }));
  }
  async serviceLogs(serviceId: string) {
    const service = await this.service(serviceId);
    return `${service.Spec.Name}: last words\n`;
  }
  async removeLocalVolume(name: string) {
    this.calls.push(`remove volume ${name}`);
    return this.localVolumes.delete(name);
  }
}

/** Every replica running on node 1 (a job's tasks complete): a service that converges at once. */
function defaultTasks(spec: ServiceSpec): Omit<SwarmTask, "ServiceID" | "CreatedAt">[] {
  const job = spec.Mode.ReplicatedJob;
  const count = job?.TotalCompletions ?? spec.Mode.Replicated?.Replicas ?? 1;
  return Array.from({ length: count }, (_, slot) => ({ ID: `${spec.Name}.${slot + 1}`, Slot: slot + 1, NodeID: "n1", DesiredState: job ? "complete" : "running", Status: { State: job ? "complete" : "running" } }));
}
