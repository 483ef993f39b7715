import type { DependencyCondition, Project, Service } from "../compose/model/project.js";
import {
  containerNameOf,
  imageOf,
  isJob,
  networkKeysOf,
  projectNetworks,
  projectVolumes,
  readinessGate,
  replicasOf,
  volumeKeysOf,
} from "./desired.js";
import type { ObservedContainer, ObservedState } from "./observed-state.js";
import { PlanBuilder, type GateKind, type Plan } from "./plan.js";
import { pullPolicyOf, type PullOverride, type PullPolicy } from "./pull-policy.js";
import { dependenciesOf, orderServices } from "./service-order.js";

export interface ReconcileOptions {
  /** The config hash a container of this service must carry to count as up to date. */
  readonly configHash: (service: Service) => string;
  /** `always` (--build), `never` (--no-build), `missing` (default: build what is not there). */
  readonly build?: "always" | "never" | "missing";
  /** `up --pull`: replaces every service's `pull_policy`; absent: each service's own. */
  readonly pull?: PullOverride;
  /** This run built its images already: `pull_policy: build` does not build them again. */
  readonly built?: boolean;
  readonly removeOrphans?: boolean;
  readonly forceRecreate?: boolean;
  /**
   * Services `berth rollback` returned to an older image (release/pins.ts): they keep that image
   * id, whatever their image reference points to now.
   */
  readonly pinned?: Readonly<Record<string, { readonly imageId: string; readonly why: string }>>;
}

const gateOfCondition: Record<DependencyCondition, GateKind> = {
  service_healthy: "healthy",
  service_completed_successfully: "completed",
  service_started: "started-stable",
};

/** Step ids the planner hands from one service to the next. */
interface Planned {
  readonly resources: Map<string, number>;
  /** Gate step per service and gate kind. */
  readonly gates: Map<string, number>;
  readonly recreated: Set<string>;
  /** Build or ensure step per image reference. */
  readonly images: Map<string, number>;
  /**
   * The orphan removals (--remove-orphans): every container step of the project comes after them,
   * as compose removes orphans first; an orphan may hold a host port or a container name the
   * project's containers need (a service renamed from `redis` to `cache` and back).
   */
  readonly orphans: number[];
}

/**
 * What `up` must do to bring the engine from `observed` to `project`, as a DAG of steps, each
 * with its cause. Pure: no engine, no clock. Services are visited in dependency order so every
 * edge points backwards.
 */
export function reconcile(project: Project, observed: ObservedState, options: ReconcileOptions): Plan {
  const builder = new PlanBuilder(project.name);
  const planned: Planned = { resources: new Map(), gates: new Map(), recreated: new Set(), images: new Map(), orphans: [] };
  planResources(builder, project, observed, planned);
  planImages(builder, project, observed, options, planned);
  planOrphans(builder, project, observed, options, planned);
  for (const name of orderServices(project)) {
    const service = project.services[name] as Service;
    const started = planService(builder, project, service, observed, options, planned);
    planGates(builder, project, name, started, planned);
  }
  warnPinned(builder, project, observed, options);
  return builder.build();
}

function planResources(builder: PlanBuilder, project: Project, observed: ObservedState, planned: Planned): void {
  const has = (list: readonly { name: string }[], name: string) => list.some((item) => item.name === name);
  for (const network of projectNetworks(project)) {
    if (has(observed.networks, network.name)) continue;
    const id = builder.add({ kind: "create-network", network: network.key, name: network.name }, "missing");
    planned.resources.set(`network:${network.key}`, id);
  }
  for (const volume of projectVolumes(project)) {
    if (has(observed.volumes, volume.name)) continue;
    const id = builder.add({ kind: "create-volume", volume: volume.key, name: volume.name }, "missing");
    planned.resources.set(`volume:${volume.key}`, id);
  }
}

/** Plans image, containers and starts of one service; returns the ids of its start steps. */
function planService(
  builder: PlanBuilder,
  project: Project,
  service: Service,
  observed: ObservedState,
  options: ReconcileOptions,
  planned: Planned,
): number[] {
  const image = imageOf(project, service);
  const imageStep = planned.images.get(image);
  const prerequisites = [...resourceSteps(service, planned), ...(imageStep === undefined ? [] : [imageStep]), ...planned.orphans];
  const waitFor = dependencyGates(project, service.name, planned);
  const containers = observed.containers.filter((c) => c.service === service.name && !c.oneoff);
  const starts: number[] = [];
  for (let number = 1; number <= replicasOf(service); number++) {
    const existing = containers.find((c) => c.number === number);
    const context = { project, service, observed, options, planned, prerequisites, waitFor, image };
    starts.push(...planContainer(builder, context, number, existing));
  }
  for (const extra of containers.filter((c) => c.number > replicasOf(service))) {
    const operation = { kind: "remove-container", service: service.name, number: extra.number, name: extra.name, containerId: extra.id } as const;
    builder.add(operation, `scaled down to ${replicasOf(service)}`);
  }
  return starts;
}

/**
 * One step per image reference, before any container: a service may run the image another one
 * builds (a migration job running the backend's image), so the build wins over a lookup. The
 * `pull_policy` of the service that builds the image (else its first user) decides.
 */
function planImages(builder: PlanBuilder, project: Project, observed: ObservedState, options: ReconcileOptions, planned: Planned): void {
  for (const name of orderServices(project)) {
    const image = imageOf(project, project.services[name] as Service);
    if (planned.images.has(image)) continue;
    const buildService = Object.values(project.services).find((s) => s.build && imageOf(project, s) === image);
    const owner = buildService ?? (project.services[name] as Service);
    const { policy, note } = pullPolicyOf(owner, options.pull);
    if (note) builder.warn(note);
    const stale = buildService ? observed.staleImages?.[image] : undefined;
    if (stale && options.build === "never") builder.warn(`STALE IMAGE: ${stale}; --no-build runs the old build`);
    const id = planImageStep(builder, { image, buildService: buildService?.name, present: image in observed.images, stale: stale !== undefined, firstUser: name }, policy, options);
    if (id !== undefined) planned.images.set(image, id);
  }
}

interface ImageNeed {
  readonly image: string;
  readonly buildService: string | undefined;
  readonly present: boolean;
  /** Built from inputs that changed since (docs/commands.md, "Stale images"): rebuilt unless --no-build. */
  readonly stale?: boolean;
  readonly firstUser: string;
}

function planImageStep(builder: PlanBuilder, need: ImageNeed, policy: PullPolicy, options: ReconcileOptions): number | undefined {
  const { image, buildService, present, stale, firstUser } = need;
  const build = options.build ?? "missing";
  if (buildService && build === "always") return builder.add({ kind: "build-image", service: buildService, image }, "--build");
  if (buildService && build !== "never" && policy === "build" && !options.built) return builder.add({ kind: "build-image", service: buildService, image }, "pull_policy: build");
  // A buildable image is built, not pulled (nothing to pull it from while it is being developed).
  const why = options.pull ? `--pull ${options.pull}` : "pull_policy: always";
  if (policy === "always" && !buildService) return builder.add({ kind: "ensure-image", service: firstUser, image, pull: "always" }, why);
  if (present && !(stale && buildService && build === "missing")) return undefined;
  if (buildService && build === "missing") return builder.add({ kind: "build-image", service: buildService, image }, present ? "build context changed since the image was built" : "image missing");
  const pull = policy === "never" ? { pull: "never" as const } : {};
  return builder.add({ kind: "ensure-image", service: firstUser, image, ...pull }, "image not present locally");
}

function resourceSteps(service: Service, planned: Planned): number[] {
  const keys = [...networkKeysOf(service).map((k) => `network:${k}`), ...volumeKeysOf(service).map((k) => `volume:${k}`)];
  return keys.flatMap((key) => {
    const id = planned.resources.get(key);
    return id === undefined ? [] : [id];
  });
}

interface DependencyWait {
  readonly steps: number[];
  /** Gates of `required: false` dependencies: waited for, but their failure does not block. */
  readonly optional: number[];
  readonly text: string;
}

/** Gate steps of the service's dependencies, and how they read in a cause. */
function dependencyGates(project: Project, name: string, planned: Planned): DependencyWait {
  const dependsOn = project.services[name]?.depends_on ?? {};
  const waits = dependenciesOf(project, name).map((dependency) => {
    const gate = gateOfCondition[dependsOn[dependency]?.condition ?? "service_started"];
    const required = dependsOn[dependency]?.required !== false;
    return { id: planned.gates.get(`${dependency}:${gate}`), required, text: `${dependency} ${gate}${required ? "" : " (optional)"}` };
  });
  const ids = (required: boolean) => waits.flatMap((wait) => (wait.id === undefined || wait.required !== required ? [] : [wait.id]));
  return { steps: ids(true), optional: ids(false), text: waits.map((wait) => wait.text).join(", ") };
}

interface ContainerContext {
  readonly project: Project;
  readonly service: Service;
  readonly observed: ObservedState;
  readonly options: ReconcileOptions;
  readonly planned: Planned;
  readonly prerequisites: number[];
  readonly waitFor: DependencyWait;
  readonly image: string;
}

/** Create, recreate or start one replica as needed; returns the start step id, if any. */
function planContainer(builder: PlanBuilder, context: ContainerContext, number: number, existing?: ObservedContainer): number[] {
  const { project, service, prerequisites, waitFor } = context;
  const name = existing?.name ?? containerNameOf(project, service, number);
  const target = { service: service.name, number, name };
  const startCause = (reason: string) => (waitFor.text ? `${reason}; after ${waitFor.text}` : reason);
  if (!existing) {
    const created = builder.add({ kind: "create-container", ...target }, "no container", prerequisites);
    return [builder.add({ kind: "start-container", ...target }, startCause("new container"), [created, ...waitFor.steps], waitFor.optional)];
  }
  const recreate = recreateReason(context, existing);
  const retag = sameImageRetag(context, existing);
  if (!recreate && retag) builder.warn(`kept: ${name}: ${retag}`);
  if (recreate) {
    context.planned.recreated.add(service.name);
    const operation = { kind: "recreate-container", ...target, containerId: existing.id } as const;
    const created = builder.add(operation, recreate, prerequisites);
    return [builder.add({ kind: "start-container", ...target }, startCause("recreated"), [created, ...waitFor.steps], waitFor.optional)];
  }
  const restart = restartReason(context);
  if (restart && existing.status === "running") {
    const operation = { kind: "restart-container", ...target, containerId: existing.id } as const;
    return [builder.add(operation, restart, [...context.planned.orphans, ...waitFor.steps], waitFor.optional)];
  }
  if (!needsStart(context, existing)) return [];
  return [builder.add({ kind: "start-container", ...target }, startCause(`container ${existing.status}`), [...context.planned.orphans, ...waitFor.steps], waitFor.optional)];
}

function recreateReason(context: ContainerContext, existing: ObservedContainer): string | undefined {
  if (context.options.forceRecreate) return "--force-recreate";
  const wanted = context.options.configHash(context.service);
  if (existing.configHash !== wanted && sameImageRetag(context, existing) === undefined) return `config changed (hash ${short(existing.configHash)} -> ${short(wanted)})`;
  const pin = context.options.pinned?.[context.service.name];
  const imageId = pin?.imageId ?? context.observed.images[context.image];
  if (imageId !== undefined && existing.imageId !== imageId) return pin ? `image pinned to ${shortId(pin.imageId)} (${pin.why})` : `image ${context.image} changed`;
  const staleRebuilt = context.observed.staleImages?.[context.image] !== undefined && context.options.build !== "never" && context.planned.images.has(context.image);
  if (staleRebuilt) return `image ${context.image} rebuilt (its build context changed)`;
  const mode = context.service.network_mode ?? "";
  const shared = mode.startsWith("service:") ? mode.slice("service:".length) : undefined;
  if (shared && context.planned.recreated.has(shared)) return `shares the network of recreated ${shared}`;
  return undefined;
}

/**
 * Why a container whose config hash differs is still up to date: its service only names the same
 * image by another reference (a new tag of the id it runs) and the hash computed with the
 * reference it was created with still matches its label, so nothing else changed. Not when this
 * run builds or pulls that reference (its id may change) or the container predates the label.
 */
function sameImageRetag(context: ContainerContext, existing: ObservedContainer): string | undefined {
  const { service, observed, options, image } = context;
  const before = existing.imageRef;
  if (before === undefined || service.image === undefined || before === service.image) return undefined;
  if (context.planned.images.has(image) || observed.images[image] !== existing.imageId) return undefined;
  if (existing.configHash !== options.configHash({ ...service, image: before })) return undefined;
  return `${service.image} is the same image (sha256:${shortId(existing.imageId)}) as ${before}, which it runs; nothing else changed`;
}

/** Compose restarts a dependant whose `depends_on` entry says `restart: true`. */
function restartReason(context: ContainerContext): string | undefined {
  const dependsOn = context.service.depends_on ?? {};
  const recreated = Object.keys(dependsOn)
    .filter((dependency) => dependsOn[dependency]?.restart && context.planned.recreated.has(dependency))
    .sort();
  return recreated.length > 0 ? `dependency ${recreated.join(", ")} recreated (restart: true)` : undefined;
}

/** Running containers stay; a job that already completed successfully is not run again. */
function needsStart(context: ContainerContext, existing: ObservedContainer): boolean {
  if (existing.status === "running" || existing.status === "restarting") return false;
  const completed = existing.status === "exited" && existing.exitCode === 0;
  return !(completed && isJob(context.project, context.service.name));
}

/** One line per pinned service whose image reference now points elsewhere: the plan says it keeps the old one. */
function warnPinned(builder: PlanBuilder, project: Project, observed: ObservedState, options: ReconcileOptions): void {
  for (const [name, pin] of Object.entries(options.pinned ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    const service = project.services[name];
    if (!service) continue;
    const image = imageOf(project, service);
    const latest = observed.images[image];
    const points = latest === undefined || latest === pin.imageId ? "" : `, not ${image} (${shortId(latest)})`;
    builder.warn(`PINNED: ${name} stays on image ${shortId(pin.imageId)}${points} (${pin.why}); berth up --release latest deploys ${image}`);
  }
}

function shortId(id: string): string {
  return id.replace(/^sha256:/, "").slice(0, 12);
}

function short(hash: string | undefined): string {
  return hash === undefined ? "none" : hash.slice(0, 8);
}

/** One await step per gate the service must pass: its own readiness and what dependants need. */
function planGates(builder: PlanBuilder, project: Project, name: string, starts: number[], planned: Planned): void {
  const own = readinessGate(project, name);
  const needed = new Map<GateKind, string[]>([[own, []]]);
  for (const [other, service] of Object.entries(project.services).sort(([a], [b]) => a.localeCompare(b))) {
    const condition = service.depends_on?.[name]?.condition;
    if (condition) needed.set(gateOfCondition[condition], [...(needed.get(gateOfCondition[condition]) ?? []), other]);
  }
  for (const [gate, dependants] of needed) {
    const why = [gate === own ? "readiness" : "", dependants.length > 0 ? `needed by ${dependants.join(", ")}` : ""]
      .filter(Boolean)
      .join("; ");
    const cause = starts.length > 0 ? why : `${why}; up to date`;
    planned.gates.set(`${name}:${gate}`, builder.add({ kind: "await", service: name, gate }, cause, starts));
  }
}

/** Containers of services no longer in the project (profiles-disabled services are not orphans). */
function planOrphans(builder: PlanBuilder, project: Project, observed: ObservedState, options: ReconcileOptions, planned: Planned): void {
  const known = (service: string) => service in project.services || service in project.meta.disabledServices;
  for (const orphan of observed.containers.filter((c) => !known(c.service)).sort((a, b) => a.name.localeCompare(b.name))) {
    if (!options.removeOrphans) {
      builder.warn(`orphan container ${orphan.name} (service ${orphan.service}): run with --remove-orphans to remove it`);
      continue;
    }
    const operation = { kind: "remove-container", service: orphan.service, number: orphan.number, name: orphan.name, containerId: orphan.id } as const;
    planned.orphans.push(builder.add(operation, "orphan (--remove-orphans)"));
  }
}
