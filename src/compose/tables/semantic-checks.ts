import type { Project, Service } from "../model/project.js";
import type { TreePath } from "../tree-path.js";

/** One semantic problem: the path of the offending key, compose's message and the fix. */
export interface Problem {
  readonly path: TreePath;
  readonly message: string;
  readonly hint: string;
}

/** A check of one enabled service against the whole project. */
export type ServiceCheck = (name: string, service: Service, project: Project) => Problem[];

const problem = (path: TreePath, message: string, hint: string): Problem => ({ path, message, hint });

// An optional dependency may be left out by profiles; one that exists nowhere is still an error.
const dependsOnDefined: ServiceCheck = (name, service, project) =>
  Object.entries(service.depends_on ?? {})
    .filter(([target, dependency]) => !(target in project.services) && (dependency.required || !(target in project.meta.disabledServices)))
    .map(([target]) =>
      problem(["services", name, "depends_on", target], `service "${name}" depends on undefined service "${target}": invalid compose project`,
        target in project.meta.disabledServices
          ? `"${target}" is in an inactive profile: activate it with --profile, or set required: false`
          : `define service "${target}" or remove it from depends_on`),
    );

const networksDefined: ServiceCheck = (name, service, project) =>
  Object.keys(service.networks ?? {})
    .filter((network) => !(network in project.networks))
    .map((network) =>
      problem(["services", name, "networks", network], `service "${name}" refers to undefined network ${network}: invalid compose project`, `declare it under the top-level networks: key`),
    );

const volumesDefined: ServiceCheck = (name, service, project) =>
  (service.volumes ?? []).flatMap((mount, index) =>
    mount.type === "volume" && mount.source !== undefined && mount.source !== "" && !(mount.source in project.volumes)
      ? [problem(["services", name, "volumes", index], `service "${name}" refers to undefined volume ${mount.source}: invalid compose project`, `declare it under the top-level volumes: key, or start the source with ./ for a bind mount`)]
      : [],
  );

const fileRefsDefined =
  (kind: "secrets" | "configs"): ServiceCheck =>
  (name, service, project) =>
    (service[kind] ?? []).flatMap((ref, index) =>
      ref.source in project[kind]
        ? []
        : [problem(["services", name, kind, index], `service "${name}" refers to undefined ${kind.slice(0, -1)} ${ref.source}: invalid compose project`, `declare it under the top-level ${kind}: key`)],
    );

const networkModeExclusive: ServiceCheck = (name, service) =>
  service.network_mode !== undefined && service.networks !== undefined && Object.keys(service.networks).length > 0
    ? [problem(["services", name, "network_mode"], `service ${name} declares mutually exclusive \`network_mode\` and \`networks\`: invalid compose project`, "keep either network_mode or networks")]
    : [];

const networkModeService: ServiceCheck = (name, service, project) => {
  const mode = service.network_mode ?? "";
  const target = mode.startsWith("service:") ? mode.slice("service:".length) : undefined;
  return target === undefined || target in project.services
    ? []
    : [problem(["services", name, "network_mode"], `service "${target}" not found for network_mode 'service:${target}'`, `define service "${target}" or change network_mode`)];
};

const buildSecretsDefined: ServiceCheck = (name, service, project) =>
  ((service.build?.["secrets"] as readonly { source: string }[] | undefined) ?? []).flatMap((ref, index) =>
    ref.source in project.secrets
      ? []
      : [problem(["services", name, "build", "secrets", index], `service "${name}" refers to undefined build secret ${ref.source}: invalid compose project`, "declare it under the top-level secrets: key")],
  );

const dockerfileExclusive: ServiceCheck = (name, service) =>
  service.build?.dockerfile !== undefined && service.build.dockerfile_inline !== undefined
    ? [problem(["services", name, "build"], `service "${name}" declares mutualy exclusive dockerfile and dockerfile_inline: invalid compose project`, "keep either dockerfile or dockerfile_inline")]
    : [];

// `scale`/`cpus`/`mem_limit`/... and their `deploy` twins must not disagree.
const deployTwins: ServiceCheck = (name, service) => {
  const limits = service.deploy?.resources?.limits;
  const reservations = service.deploy?.resources?.reservations;
  const twins: [string, unknown, string, unknown][] = [
    ["scale", service["scale"], "deploy.replicas", service.deploy?.replicas],
    ["cpus", service.cpus, "deploy.resources.limits.cpus", limits?.cpus],
    ["mem_limit", service.mem_limit, "deploy.resources.limits.memory", limits?.memory],
    ["mem_reservation", service["mem_reservation"], "deploy.resources.reservations.memory", reservations?.memory],
    ["pids_limit", service["pids_limit"], "deploy.resources.limits.pids", limits?.pids],
  ];
  return twins
    .filter(([, own, , twin]) => own !== undefined && twin !== undefined && own !== twin)
    .map(([key, , twinKey]) => problem(["services", name, key], `services.${name}: can't set distinct values on '${key}' and '${twinKey}': invalid compose project`, `remove one of ${key} and ${twinKey}`));
};

const containerNameScale: ServiceCheck = (name, service) => {
  const scale = (service["scale"] as number | undefined) ?? service.deploy?.replicas ?? 1;
  return service.container_name !== undefined && scale > 1
    ? [problem(["services", name, "container_name"], `services.${name}: can't set container_name and ${service["scale"] === undefined ? "deploy.replicas" : "scale"} as container name must be unique: invalid compose project`, "drop container_name or run a single replica")]
    : [];
};

const imageOrBuild: ServiceCheck = (name, service) =>
  service.image === undefined && service.build === undefined
    ? [problem(["services", name], `service "${name}" has neither an image nor a build context specified: invalid compose project`, "add `image:` or `build:` to the service")]
    : [];

const healthcheckTest: ServiceCheck = (name, service) => {
  const first = service.healthcheck?.test?.[0];
  return first === undefined || ["CMD", "CMD-SHELL", "NONE"].includes(first)
    ? []
    : [problem(["services", name, "healthcheck", "test"], `services.${name}.healthcheck.test must start either by "CMD", "CMD-SHELL" or "NONE"`, `write test: ["CMD", ...] or test: "shell command"`)];
};

// The first service using each container name, computed once per project (not per service).
const firstByContainerName = new WeakMap<Project, Map<string, string>>();

function containerNameOwners(project: Project): Map<string, string> {
  let owners = firstByContainerName.get(project);
  if (!owners) {
    owners = new Map();
    for (const [name, service] of Object.entries(project.services)) {
      if (service.container_name !== undefined && !owners.has(service.container_name)) owners.set(service.container_name, name);
    }
    firstByContainerName.set(project, owners);
  }
  return owners;
}

const containerNameUnique: ServiceCheck = (name, service, project) => {
  const containerName = service.container_name;
  if (containerName === undefined) return [];
  const first = containerNameOwners(project).get(containerName);
  return first === name
    ? []
    : [problem(["services", name, "container_name"], `services.${name}: container name "${containerName}" is already in use by service ${first}`, "give each service its own container_name, or drop it")];
};

/** Semantic rules compose enforces after profiles (compose-go `loader/validate.go`). */
export const serviceChecks: ReadonlyMap<string, ServiceCheck> = new Map<string, ServiceCheck>([
  ["services.*.image", imageOrBuild],
  ["services.*.depends_on", dependsOnDefined],
  ["services.*.networks", networksDefined],
  ["services.*.network_mode", networkModeExclusive],
  ["services.*.network_mode.service", networkModeService],
  ["services.*.volumes", volumesDefined],
  ["services.*.secrets", fileRefsDefined("secrets")],
  ["services.*.configs", fileRefsDefined("configs")],
  ["services.*.healthcheck.test", healthcheckTest],
  ["services.*.container_name", containerNameUnique],
  ["services.*.container_name.scale", containerNameScale],
  ["services.*.build.secrets", buildSecretsDefined],
  ["services.*.build.dockerfile_inline", dockerfileExclusive],
  ["services.*.deploy", deployTwins],
]);

/** A check of the whole project, beyond single services. */
export type ProjectCheck = (project: Project) => Problem[];

const secretsHaveSource: ProjectCheck = (project) =>
  Object.entries(project.secrets)
    .filter(([, secret]) => secret.external !== true && secret.file === undefined && secret.environment === undefined)
    .map(([name]) => problem(["secrets", name], `secret "${name}" must declare either \`file\` or \`environment\`: invalid compose project`, "add file: or environment: (or external: true)"));

export const projectChecks: ReadonlyMap<string, ProjectCheck> = new Map<string, ProjectCheck>([["secrets.*", secretsHaveSource]]);
