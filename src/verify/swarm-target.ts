import { isNginxImage } from "../check/knowledge/service-kinds.js";
import type { Project } from "../compose/model/project.js";
import type { Engine } from "../engine/engine.js";
import type { ServiceStatus } from "../report/report.js";
import type { DeploymentTarget } from "./verify-deployment.js";
import type { StackAccess, SwarmProbeContext, SwarmStackRead } from "./swarm-context.js";
import { runSwarmProbes } from "./swarm-probes.js";

/**
 * `berth verify` and `up --verify` on a Swarm manager: the probes run as runSwarmProbes says, the
 * report's services come from the tasks, nginx configs from a task on the manager's own node.
 */
export function swarmDeploymentTarget(options: { engine: Engine; stack: StackAccess; project: Project; signal?: AbortSignal }): DeploymentTarget {
  const read = () => options.stack.read();
  const context: SwarmProbeContext = options;
  return {
    runProbes: (probes) => runSwarmProbes(probes, context),
    serviceStatus: async () => swarmServiceStatus(options.project, await read()),
    nginxConfigs: async () => nginxConfigsOnManager(options.engine, options.project, await read()),
  };
}

/**
 * Each service of the file as the report shows it, from its tasks: `running` when every desired
 * task runs on a ready node (with a healthcheck, a running task is a healthy one), a job `exited 0`
 * once its completions are done; otherwise how many run, which fails the verdict as a missing
 * container does on one host.
 */
export function swarmServiceStatus(project: Project, stack: SwarmStackRead): ServiceStatus[] {
  return Object.values(project.services).map((service): ServiceStatus => {
    const health = stack.health.find((candidate) => candidate.service === service.name);
    const facts = stack.facts.get(service.name);
    const job = health?.mode === "job";
    const hasCheck = service.healthcheck !== undefined && service.healthcheck.disable !== true && service.healthcheck.test?.[0] !== "NONE";
    const state = health === undefined ? "missing" : job ? (health.ok ? "exited" : `${health.completed}/${health.desired} completed`) : health.ok ? "running" : `${health.running}/${health.desired} tasks running`;
    return {
      service: service.name,
      container: health === undefined ? null : health.placements.map((placement) => `${placement.task} on ${placement.node}`).join(", ") || null,
      image: facts?.image ?? service.image ?? "",
      imageSizeBytes: null,
      state,
      health: hasCheck && !job && health?.ok === true ? "healthy" : "none",
      exitCode: job && health?.ok === true ? 0 : null,
      oneShot: job,
      ports: (facts?.publishes ?? []).map((port) => `${port.published} (${port.mode})`),
      restarts: 0,
      cpuPercent: null,
      memoryBytes: null,
      memoryLimitBytes: null,
      createdAt: null,
      startedAt: null,
      healthyAt: null,
      finishedAt: null,
    };
  });
}

/** `nginx -T` of nginx-like services (an nginx image, or published) whose task runs on the manager itself. */
async function nginxConfigsOnManager(engine: Engine, project: Project, stack: SwarmStackRead): Promise<Record<string, string>> {
  const configs: Record<string, string> = {};
  for (const service of Object.values(project.services).filter((s) => isNginxImage(s.image) || (s.ports ?? []).some((p) => p.published !== undefined))) {
    const local = stack.facts.get(service.name)?.running.find((task) => task.nodeId === stack.managerId && task.containerId !== "");
    if (local === undefined) continue;
    const result = await engine.exec(local.containerId, { command: ["nginx", "-T"], timeoutMs: 10_000 }).catch(() => undefined);
    if (result?.exitCode === 0 && /configuration file/.test(result.stdout + result.stderr)) configs[service.name] = result.stdout;
  }
  return configs;
}
