import type { Project } from "../compose/model/project.js";
import { toEvidence, type Verdict } from "./evidence.js";
import { runExecProbe } from "./exec-probe.js";
import { isNetworkProbe, runNetworkProbes, type NetworkProbe } from "./network-probes.js";
import { observeInNetwork } from "./observe-in-network.js";
import { judgePostgres, psqlEnvironmentOf } from "./postgres-probe.js";
import type { Evidence, ExecProbe, HealthProbe, PostgresProbe, Probe, RedisProbe } from "./probe.js";
import { judgeRedis } from "./redis-probe.js";
import { networkFor } from "./run-probes.js";
import { runOneShot } from "./swarm-oneshot.js";
import { runSwarmPersistenceProbe } from "./swarm-persistence.js";
import { remotePsqlEnv, type StackService, type StackServiceHealth, type SwarmProbeContext, type SwarmStackRead } from "./swarm-context.js";

/**
 * The Swarm counterpart of run-probes.ts: network probes from observer containers on the overlay
 * networks, datastore probes from one-shot containers of the store's own image (its client, the
 * app's credentials), health from the tasks, persistence through a forced update on the pinned
 * node. Same order as on one host: network probes together, the others one by one, persistence last.
 */
export async function runSwarmProbes(probes: readonly Probe[], context: SwarmProbeContext): Promise<Evidence[]> {
  const stack = await context.stack.read();
  const byName = new Map<string, Evidence>();
  for (const evidence of await runNetwork(probes.filter(isNetworkProbe), stack, context)) byName.set(evidence.probe, evidence);
  const others = probes.filter((probe) => !isNetworkProbe(probe)).sort((a, b) => Number(a.kind === "persistence") - Number(b.kind === "persistence"));
  for (const probe of others) byName.set(probe.name, await runOther(probe, stack, context).catch((error: unknown) => couldNotRun(probe, error)));
  return probes.map((probe) => byName.get(probe.name)!);
}

interface Placed {
  readonly probe: NetworkProbe;
  readonly network: string;
  /** For a published port: the node whose host-mode port the probe reached. */
  readonly node?: string;
}

async function runNetwork(probes: readonly NetworkProbe[], stack: SwarmStackRead, context: SwarmProbeContext): Promise<Evidence[]> {
  const placed = probes.map((probe) => place(probe, stack, context.project));
  const batches = new Map<string, Placed[]>();
  for (const item of placed) if (typeof item !== "string") batches.set(item.network, [...(batches.get(item.network) ?? []), item]);
  const observed = new Map<string, Evidence>();
  await Promise.all(
    [...batches].map(async ([network, batch]) => {
      const observer = observeInNetwork({ engine: context.engine, project: context.project.name, network, ...(context.observerImage ? { image: context.observerImage } : {}), ...(context.signal ? { signal: context.signal } : {}) });
      const evidence = await runNetworkProbes(batch.map((item) => item.probe), observer);
      evidence.forEach((item, index) => observed.set(item.probe, withNode(item, batch[index]?.node)));
    }),
  );
  return probes.map((probe, index) => {
    const item = placed[index];
    return typeof item === "string" ? toEvidence(probe, { target: `${probe.kind} ${hostOf(probe)}`, failures: [item], passSummary: "", facts: {} }, new Date(), 0) : observed.get(probe.name)!;
  });
}

const hostOf = (probe: NetworkProbe): string => (probe.kind === "tcp" ? `${probe.host}:${probe.port}` : probe.url);
const loopback = new Set(["127.0.0.1", "localhost", "0.0.0.0", "[::1]"]);

/**
 * Where a network probe runs. `from: network`: an observer on the addressed service's overlay
 * network. `from: host` (a published port): on Swarm the port opens on the node that runs the task
 * (host mode) or on every node (ingress), so the probe aims at that node's address instead of
 * 127.0.0.1, from an observer on the publishing service's network. A string is why it cannot run.
 */
export function place(probe: NetworkProbe, stack: SwarmStackRead, project: Project): Placed | string {
  const url = probe.kind === "tcp" ? undefined : new URL(probe.url);
  const host = probe.kind === "tcp" ? probe.host : url!.hostname;
  if (probe.from === "network" || !loopback.has(host)) return { probe, network: networkFor(project, host) };
  const port = probe.kind === "tcp" ? probe.port : Number(url!.port || (url!.protocol === "https:" || url!.protocol === "wss:" ? 443 : 80));
  const owner = [...stack.facts].find(([, facts]) => facts.publishes.some((published) => published.published === port));
  if (owner === undefined) return `no service of the stack publishes port ${port} on the Swarm`;
  const [service, facts] = owner;
  const mode = facts.publishes.find((published) => published.published === port)!.mode;
  const task = mode === "host" ? facts.running[0] : { node: stack.managerName, address: stack.managerAddress };
  if (task === undefined || task.address === "") return `service ${service} publishes port ${port} in ${mode} mode, and no task of it runs on a ready node`;
  const network = facts.networks[0];
  if (network === undefined) return `service ${service} is on no overlay network an observer can join`;
  if (probe.kind === "tcp") return { probe: { ...probe, host: task.address }, network, node: task.node };
  url!.hostname = task.address;
  return { probe: { ...probe, url: url!.toString() }, network, node: task.node };
}

function withNode(evidence: Evidence, node: string | undefined): Evidence {
  if (node === undefined) return evidence;
  return { ...evidence, target: `${evidence.target} (published port on ${node})`, facts: { ...evidence.facts, node } };
}

function runOther(probe: Probe, stack: SwarmStackRead, context: SwarmProbeContext): Promise<Evidence> {
  switch (probe.kind) {
    case "postgres":
      return runPostgres(probe, stack, context);
    case "redis":
      return runRedis(probe, stack, context);
    case "health":
      return Promise.resolve(judgeTasks(probe, stack.health.find((service) => service.service === probe.service)));
    case "exec":
      return runExec(probe, stack, context);
    case "persistence":
      return runSwarmPersistenceProbe(probe, context);
    default:
      throw new Error(`network probe ${probe.name} reached the Swarm task runner`);
  }
}

/** The store's service, running: a string says why not. */
function runningStore(stack: SwarmStackRead, service: string): StackService | string {
  const facts = stack.facts.get(service);
  if (facts === undefined) return `service ${service} is not in the stack: run berth up first`;
  if (facts.running.length === 0) return `service ${service} has no running task on a ready node`;
  if (facts.networks[0] === undefined) return `service ${service} is on no overlay network a probe can join`;
  return facts;
}

/** psql from a one-shot container of the store's image on its network, as the app connects: by service name, with the app's credentials. */
async function runPostgres(probe: PostgresProbe, stack: SwarmStackRead, context: SwarmProbeContext): Promise<Evidence> {
  const startedAt = new Date();
  const store = runningStore(stack, probe.service);
  const target = `postgres ${probe.service} (${probe.url ?? "the service's own POSTGRES_USER"}): ${probe.query}`;
  if (typeof store === "string") return toEvidence(probe, { target, failures: [store], passSummary: "", facts: {} }, startedAt, 0);
  const network = store.networks[0]!;
  const env = remotePsqlEnv(psqlEnvironmentOf(probe, store.env), probe.service, store.env);
  const result = await runOneShot(context.engine, context.project.name, { image: store.image, network, command: ["psql", "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", probe.query], env, timeoutMs: probe.timeoutMs }, context.signal);
  const verdict = judgePostgres(probe, `${target} from a container on ${network}`, result);
  return toEvidence(probe, { ...verdict, facts: { ...verdict.facts, node: store.running.map((task) => task.node).join(", ") } }, startedAt, result.durationMs);
}

/** redis-cli from a one-shot container of the store's image, by service name; REDISCLI_AUTH keeps the password off the command line. */
async function runRedis(probe: RedisProbe, stack: SwarmStackRead, context: SwarmProbeContext): Promise<Evidence> {
  const startedAt = new Date();
  const store = runningStore(stack, probe.service);
  const target = `redis ${probe.service}: ${probe.command.join(" ")}`;
  if (typeof store === "string") return toEvidence(probe, { target, failures: [store], passSummary: "", facts: {} }, startedAt, 0);
  const network = store.networks[0]!;
  const env = probe.password === undefined ? [] : [`REDISCLI_AUTH=${probe.password}`];
  const result = await runOneShot(context.engine, context.project.name, { image: store.image, network, command: ["redis-cli", "-h", probe.service, ...probe.command], env, timeoutMs: probe.timeoutMs }, context.signal);
  const verdict = judgeRedis(probe, `${target} from a container on ${network}`, result);
  return toEvidence(probe, { ...verdict, facts: { ...verdict.facts, node: store.running.map((task) => task.node).join(", ") } }, startedAt, result.durationMs);
}

/**
 * Health on Swarm is the tasks': with a healthcheck a task is `running` only once healthy, so
 * every desired task running on a ready node is the service's health (a job: its completions).
 */
export function judgeTasks(probe: HealthProbe, health: StackServiceHealth | undefined): Evidence {
  const target = `health of ${probe.service} (its Swarm tasks)`;
  const startedAt = new Date();
  if (health === undefined) return toEvidence(probe, { target, failures: [`service ${probe.service} is not in the stack: run berth up first`], passSummary: "", facts: {} }, startedAt, 0);
  const where = health.placements.map((placement) => `${placement.task} ${placement.state} on ${placement.node}`).join(", ");
  const count = health.mode === "job" ? `${health.completed}/${health.desired} completed` : `${health.running}/${health.desired} tasks running`;
  const failures = health.ok ? [] : [`expected ${health.desired} task(s) ${health.mode === "job" ? "completed" : "running on ready nodes"}, ${count}`, ...health.pending.map((task) => `${task.task} ${task.state}: ${task.message}`), ...health.lost.map((task) => `${task.task} lost with ${task.node} (${task.nodeState})`)];
  const verdict: Verdict = { target, failures, passSummary: `${count}${where ? ` (${where})` : ""}`, facts: { running: health.running, desired: health.desired }, excerpt: where, hint: "berth ps shows every task, its node and its error" };
  return toEvidence(probe, verdict, startedAt, 0);
}

/** An exec probe runs in a task's container: only one on the manager's own node is reachable through its engine. */
async function runExec(probe: ExecProbe, stack: SwarmStackRead, context: SwarmProbeContext): Promise<Evidence> {
  const facts = stack.facts.get(probe.service);
  const local = facts?.running.find((task) => task.nodeId === stack.managerId && task.containerId !== "");
  if (local !== undefined) return runExecProbe(probe, { engine: context.engine, projectName: context.project.name, ...(context.signal ? { signal: context.signal } : {}) }, local.containerId);
  const where = facts?.running.map((task) => task.node).join(", ") || "no node";
  const failure = `an exec probe runs in a task's container, and berth reaches only the manager's engine (${stack.managerName}); ${probe.service} runs on ${where}`;
  return toEvidence(probe, { target: `exec in ${probe.service}: ${probe.command.join(" ")}`, failures: [failure], passSummary: "", facts: {}, hint: `place a task of ${probe.service} on the manager, or probe it over the network (http, tcp) instead` }, new Date(), 0);
}

function couldNotRun(probe: Probe, error: unknown): Evidence {
  const message = error instanceof Error ? error.message : String(error);
  return toEvidence(probe, { target: `${probe.kind} ${probe.service ?? ""}`.trim(), failures: [`could not run the probe: ${message}`], passSummary: "", facts: {} }, new Date(), 0);
}
