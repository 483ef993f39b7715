import { createHash } from "node:crypto";
import { DependencyGraph } from "../compose/graph.js";
import type { Project, Service } from "../compose/model/project.js";
import { fileObjectNames, stackFileObjects, stackNetworks } from "./convert-objects.js";
import { refusalError, refusalsOf } from "./convert-refusals.js";
import { convertService } from "./convert-service.js";
import { gateService, type GateTiming } from "./service-gate.js";
import type { ExistingService, SwarmPort, SwarmTask } from "./swarm-port.js";
import type { FileObjectSpec, FileReference, ServiceSpec } from "./swarm-spec.js";
import type { TaskDiagnosis } from "./task-diagnosis.js";
import { describeRollback, rollBackService, type RolledBack } from "./rollback-service.js";
import { updatePolicyOf } from "./update-policy.js";

/** The label that carries a hash of the spec berth deployed: the same file twice changes nothing. */
export const specHashLabel = "berth.swarm.spec-hash";

export interface StackDeployOptions {
  readonly port: SwarmPort;
  readonly project: Project;
  /** Reads a secret's or config's file. */
  readonly read: (path: string) => Buffer;
  readonly timing: GateTiming;
  /** One line per step, as it happens (`backend: created, waiting for 2 task(s)`). */
  readonly onProgress?: (service: string, message: string) => void;
}

/** What happened to one service, in the order berth gated them. */
export interface ServiceOutcome {
  readonly service: string;
  /** created / updated / unchanged: berth applied it; not-applied: it waited for a dependency that failed (`blockedBy`). */
  readonly action: "created" | "updated" | "unchanged" | "not-applied";
  readonly ready: boolean;
  readonly startedAt: string;
  readonly endedAt: string;
  /** Where its current tasks run: node hostname and state. */
  readonly tasks: readonly { readonly node: string; readonly state: string }[];
  readonly diagnosis?: TaskDiagnosis;
  readonly blockedBy?: readonly string[];
  /** An update that cannot keep the service serving (stop-first), and why. */
  readonly downtime?: string;
  /** A failed update, returned to the previous spec by Swarm or by berth. */
  readonly rolledBack?: RolledBack;
}

export interface StackDeployResult {
  readonly ok: boolean;
  readonly interrupted: boolean;
  readonly stack: string;
  readonly networks: readonly { readonly name: string; readonly created: boolean }[];
  readonly objects: readonly { readonly kind: "secret" | "config"; readonly name: string; readonly created: boolean }[];
  readonly services: readonly ServiceOutcome[];
  /** Secrets and configs of earlier deploys nothing uses any more, removed after a successful deploy. */
  readonly removed: readonly string[];
}

/**
 * `berth up` on a Swarm manager: refuse what cannot be deployed as written (before any change),
 * create the stack's networks and its secrets and configs, then create or update the services
 * in dependency order, each gated (tasks running, healthy where a healthcheck exists, a job
 * complete) before its dependents are touched. A failed service stops its dependents; services
 * not depending on it still go ahead, and the result says what was applied and what not.
 */
export async function deployStack(options: StackDeployOptions): Promise<StackDeployResult> {
  const { port, project } = options;
  const refusals = refusalsOf(project);
  if (refusals.length > 0) throw refusalError(refusals);
  const stack = project.name;
  const networks = await ensureNetworks(port, project);
  const objects = stackFileObjects(project, options.read);
  const ids = await ensureFileObjects(port, project, objects);
  const names = fileObjectNames(project, objects);
  const [existing, nodes] = await Promise.all([port.services(stack), port.nodes()]);
  const hosts = new Map(nodes.map((node) => [node.ID, node.Description?.Hostname ?? node.ID]));
  const hostOf = (id: string | undefined) => (id ? (hosts.get(id) ?? id) : "");
  const byName = new Map(existing.map((service) => [service.Spec.Name, service]));
  const apply = (service: Service) => applyService(options, { ...updatePolicyOf(service, withIds(convertService(project, service, names), ids)), existing: byName.get(`${stack}_${service.name}`), hostOf, restartsLeft: restartsLeft(service) });
  const services = await inDependencyOrder(project, apply, options.timing.signal);
  const ok = services.every((outcome) => outcome.ready);
  const removed = ok ? await removeStaleObjects(port, stack, objects) : [];
  return { ok, interrupted: options.timing.signal.aborted, stack, networks, objects: objects.map((object) => ({ kind: object.kind, name: object.Name, created: ids.created.has(object.Name) })), services, removed };
}

/** Services whose dependencies are all ready go together; a failed one leaves its dependents not applied. */
async function inDependencyOrder(project: Project, apply: (service: Service) => Promise<ServiceOutcome>, signal: AbortSignal): Promise<ServiceOutcome[]> {
  const graph = DependencyGraph.fromServices(project.services);
  const outcomes = new Map<string, ServiceOutcome>();
  let remaining = graph.order();
  while (remaining.length > 0) {
    const failedDeps = (name: string) => graph.dependenciesOf(name).filter((dependency) => outcomes.has(dependency) && outcomes.get(dependency)?.ready !== true);
    for (const name of remaining.filter((candidate) => failedDeps(candidate).length > 0 || signal.aborted)) {
      const now = new Date().toISOString();
      outcomes.set(name, { service: name, action: "not-applied", ready: false, startedAt: now, endedAt: now, tasks: [], blockedBy: failedDeps(name) });
    }
    remaining = remaining.filter((name) => !outcomes.has(name));
    const wave = remaining.filter((name) => graph.dependenciesOf(name).every((dependency) => outcomes.get(dependency)?.ready === true));
    if (wave.length === 0) break;
    for (const outcome of await Promise.all(wave.map((name) => apply(project.services[name] as Service)))) outcomes.set(outcome.service, outcome);
    remaining = remaining.filter((name) => !outcomes.has(name));
  }
  return graph.order().flatMap((name) => outcomes.get(name) ?? []);
}

interface ServiceJob {
  readonly spec: ServiceSpec;
  readonly downtime?: string;
  readonly existing: ExistingService | undefined;
  readonly hostOf: (id: string | undefined) => string;
  readonly restartsLeft: boolean;
}

async function applyService(options: StackDeployOptions, job: ServiceJob): Promise<ServiceOutcome> {
  const { port } = options;
  const service = job.spec.Name.slice(options.project.name.length + 1);
  const startedAt = new Date().toISOString();
  const hash = specHash(job.spec);
  const spec: ServiceSpec = { ...job.spec, Labels: { ...job.spec.Labels, [specHashLabel]: hash } };
  let serviceId: string;
  let action: ServiceOutcome["action"];
  if (job.existing === undefined) {
    serviceId = await port.createService(spec);
    action = "created";
  } else if (job.existing.Spec.Labels?.[specHashLabel] === hash) {
    serviceId = job.existing.ID;
    action = "unchanged";
  } else {
    // docker stack deploy keeps ForceUpdate, so an update does not restart tasks by itself.
    const kept: ServiceSpec = { ...spec, TaskTemplate: { ...spec.TaskTemplate, ForceUpdate: job.existing.Spec.TaskTemplate?.ForceUpdate ?? 0 } };
    await port.updateService(job.existing.ID, job.existing.Version.Index, kept);
    serviceId = job.existing.ID;
    action = "updated";
  }
  const after = await port.service(serviceId);
  // A created service's first tasks can predate its UpdatedAt by microseconds (seen on 20.10), and an
  // unchanged job's completed tasks are as old as the service: count those from CreatedAt.
  const since = action === "updated" ? (after.UpdatedAt ?? "") : (after.CreatedAt ?? "");
  const updated = action === "updated";
  const downtime = updated ? job.downtime : undefined;
  options.onProgress?.(service, updated ? `updated, rolling ${rolloutWords(spec)}${downtime ? `: an update WITH DOWNTIME (${downtime})` : ""}; watching each new task` : `${action}, waiting until ready`);
  const onTask = updated ? (line: string) => options.onProgress?.(service, line) : undefined;
  const previousUpdate = job.existing?.UpdateStatus?.StartedAt;
  const gate = await gateService(port, { service, serviceId, spec, since, updated, hostOf: job.hostOf, restartsLeft: job.restartsLeft, ...(onTask ? { onTask } : {}), ...(previousUpdate !== undefined ? { previousUpdate } : {}) }, options.timing);
  const failed = gate.ok === false && gate.interrupted !== true;
  const rolledBack = updated && failed ? await rollBackService(port, serviceId, options.timing) : undefined;
  const tasks = placementOf(rolledBack ? await port.tasks(serviceId) : gate.tasks, job.hostOf);
  options.onProgress?.(service, gate.ok ? `ready (${tasks.map((task) => `${task.state} on ${task.node}`).join(", ")})` : gate.ok === false && gate.diagnosis ? `failed: ${gate.diagnosis.message}` : "interrupted");
  if (rolledBack) options.onProgress?.(service, describeRollback(service, rolledBack).slice(service.length + 2));
  return { service, action, ready: gate.ok, startedAt, endedAt: new Date().toISOString(), tasks, ...(gate.ok === false && gate.diagnosis ? { diagnosis: gate.diagnosis } : {}), ...(downtime ? { downtime } : {}), ...(rolledBack ? { rolledBack } : {}) };
}

/** How Swarm rolls the update out (`start-first, 1 at a time, monitor 20s, on failure rollback`). */
function rolloutWords(spec: ServiceSpec): string {
  const update = spec.UpdateConfig;
  if (update === undefined) return "as Swarm's defaults say";
  const monitor = update.Monitor === undefined ? "" : `, monitor ${Math.round(update.Monitor / 1e8) / 10}s`;
  return `${update.Order ?? "stop-first"}, ${update.Parallelism === 0 ? "all" : String(update.Parallelism)} at a time${monitor}, on failure ${update.FailureAction ?? "pause"}`;
}

function placementOf(tasks: readonly SwarmTask[], hostOf: (id: string | undefined) => string): { node: string; state: string }[] {
  return tasks.filter((task) => task.DesiredState === "running" || task.Status.State === "complete").map((task) => ({ node: hostOf(task.NodeID), state: task.Status.State }));
}

/** Whether Swarm will start another task after one fails: not with `condition: none`, nor past `max_attempts`. */
function restartsLeft(service: Service): boolean {
  const spec = service.deploy?.restart_policy;
  if (spec?.condition === "none") return false;
  if (spec === undefined && (service.restart === undefined || service.restart === "no")) return true;
  return spec?.max_attempts === undefined || spec.max_attempts > 1;
}

/** A hash of what berth asks for (not what Swarm adds to it): equal hashes, nothing to update. */
export function specHash(spec: ServiceSpec): string {
  return createHash("sha256").update(JSON.stringify(spec)).digest("hex").slice(0, 16);
}

async function ensureNetworks(port: SwarmPort, project: Project): Promise<{ name: string; created: boolean }[]> {
  const results: { name: string; created: boolean }[] = [];
  for (const spec of stackNetworks(project)) {
    const found = await port.networkNamed(spec.Name);
    if (found === undefined) await port.createNetwork(spec);
    results.push({ name: spec.Name, created: found === undefined });
  }
  return results;
}

interface ObjectIds {
  readonly secrets: ReadonlyMap<string, string>;
  readonly configs: ReadonlyMap<string, string>;
  readonly created: ReadonlySet<string>;
}

/** The stack's secrets and configs exist (same content, same name: kept) and external ones are found, by name → id. */
async function ensureFileObjects(port: SwarmPort, project: Project, objects: readonly FileObjectSpec[], create = true): Promise<ObjectIds> {
  const secrets = new Map<string, string>();
  const configs = new Map<string, string>();
  const created = new Set<string>();
  for (const object of objects) {
    const found = await port.fileObjectNamed(object.kind, object.Name);
    const id = found?.ID ?? (create ? await port.createFileObject(object) : "");
    if (found === undefined) created.add(object.Name);
    (object.kind === "secret" ? secrets : configs).set(object.Name, id);
  }
  for (const [kind, entries, map] of [["secret", project.secrets, secrets], ["config", project.configs, configs]] as const) {
    for (const entry of Object.values(entries).filter((candidate) => candidate.external === true)) {
      const found = await port.fileObjectNamed(kind, entry.name);
      if (found !== undefined) map.set(entry.name, found.ID);
    }
  }
  return { secrets, configs, created };
}

function withIds(spec: ServiceSpec, ids: ObjectIds): ServiceSpec {
  const fill = (refs: readonly FileReference[] | undefined, kind: "Secret" | "Config"): FileReference[] | undefined =>
    refs?.map((ref) => {
      const name = kind === "Secret" ? ref.SecretName : ref.ConfigName;
      const id = (kind === "Secret" ? ids.secrets : ids.configs).get(name ?? "") ?? "";
      return { ...ref, [`${kind}ID`]: id };
    });
  const container = spec.TaskTemplate.ContainerSpec;
  const secrets = fill(container.Secrets, "Secret");
  const configs = fill(container.Configs, "Config");
  return { ...spec, TaskTemplate: { ...spec.TaskTemplate, ContainerSpec: { ...container, ...(secrets ? { Secrets: secrets } : {}), ...(configs ? { Configs: configs } : {}) } } };
}

/** Earlier versions of the stack's secrets and configs; Swarm refuses to remove one a service still uses, which is fine. */
async function removeStaleObjects(port: SwarmPort, stack: string, current: readonly FileObjectSpec[]): Promise<string[]> {
  const keep = new Set(current.map((object) => object.Name));
  const removed: string[] = [];
  for (const kind of ["secret", "config"] as const) {
    for (const object of await port.fileObjects(kind, stack)) {
      if (keep.has(object.Name)) continue;
      const gone = await port.removeFileObject(kind, object.ID).then(() => true, () => false);
      if (gone) removed.push(object.Name);
    }
  }
  return removed;
}

/** What `up --dry-run` says on a manager: the refusals (thrown), then each service in gate order and what up would do to it. */
export async function planStack(port: SwarmPort, project: Project, read: (path: string) => Buffer): Promise<{ service: string; action: "create" | "update" | "unchanged"; after: readonly string[]; downtime?: string }[]> {
  const refusals = refusalsOf(project);
  if (refusals.length > 0) throw refusalError(refusals);
  const objects = stackFileObjects(project, read);
  const names = fileObjectNames(project, objects);
  const ids = await ensureFileObjects(port, project, objects, false);
  const existing = new Map((await port.services(project.name)).map((service) => [service.Spec.Name, service]));
  const graph = DependencyGraph.fromServices(project.services);
  return graph.order().map((name) => {
    const policy = updatePolicyOf(project.services[name] as Service, withIds(convertService(project, project.services[name] as Service, names), ids));
    const found = existing.get(policy.spec.Name);
    const action = found === undefined ? "create" : found.Spec.Labels?.[specHashLabel] === specHash(policy.spec) ? "unchanged" : "update";
    return { service: name, action, after: graph.dependenciesOf(name), ...(action === "update" && policy.downtime ? { downtime: policy.downtime } : {}) };
  });
}
