import { randomBytes } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import type { ContainerMount } from "../engine/engine.js";
import { toEvidence, type Verdict } from "./evidence.js";
import { describeStorage } from "./persistence-probe.js";
import { storeStepsFor, type StoreCommand } from "./persistence-stores.js";
import type { Evidence, PersistenceProbe } from "./probe.js";
import { runOneShot } from "./swarm-oneshot.js";
import { remotePsqlEnv, type StackService, type StackTask, type SwarmProbeContext, type SwarmStackRead } from "./swarm-context.js";

/** A forced update replaces the task (stop, start, healthcheck): it may take this long. */
const restartBudgetMs = 120_000;
const pollMs = 1000;

/**
 * Persistence on Swarm: a marker written through the store's own client (a one-shot container on
 * its network), the task restarted the Swarm way (a forced update: a new task, placed again, with
 * the same volume when the placement pins it to the volume's node), the marker read back from the
 * new task. The evidence names the node before and after. A store its placement does not pin to
 * one node is a failure in words, and is not restarted (its new task could land on an empty volume).
 */
export async function runSwarmPersistenceProbe(probe: PersistenceProbe, context: SwarmProbeContext): Promise<Evidence> {
  const startedAt = new Date();
  const stack = await context.stack.read();
  const store = stack.facts.get(probe.service);
  const target = `persistence of ${probe.service} (${probe.store}): ${probe.restart ? "marker, forced task restart, read back" : "marker, storage check"}`;
  const fail = (failure: string, hint?: string) => toEvidence(probe, { target, failures: [failure], passSummary: "", facts: {}, ...(hint ? { hint } : {}) }, startedAt, 0);
  if (store === undefined || store.running.length === 0 || store.networks[0] === undefined) return fail(`service ${probe.service} has no running task on a ready node: run berth up first`);
  if (probe.store === "file") return fail("a file persistence probe writes into the task's container, and berth reaches only the manager's engine", "use a postgres or redis persistence probe, which speaks to the store over its network");
  const verdict = await roundTrip(probe, context, stack, store, target);
  return toEvidence(probe, verdict, startedAt, Date.now() - startedAt.getTime());
}

async function roundTrip(probe: PersistenceProbe, context: SwarmProbeContext, stack: SwarmStackRead, store: StackService, target: string): Promise<Verdict> {
  const steps = storeStepsFor(probe, store.env);
  const run = (step: StoreCommand, timeoutMs = probe.timeoutMs) => runOneShot(context.engine, context.project.name, remoteStep(step, probe, store), context.signal).catch((error: unknown) => ({ exitCode: -1, stdout: "", stderr: String(error), output: String(error), timedOut: false, durationMs: timeoutMs }));
  const before = store.running[0]!;
  const eligible = store.eligibleNodes;
  const pinned = eligible.length === 1;
  const marker = `m${randomBytes(6).toString("hex")}`;
  const written = await run(steps.write(marker));
  if (written.exitCode !== 0) return { target, failures: [`could not write the marker: ${written.output.trim().slice(0, 300)}`], passSummary: "", facts: { node: before.node }, excerpt: written.output };
  const dataPath = (await run(steps.dataPath)).stdout.trim().split("\n").at(-1)?.trim() ?? "";
  const failures: string[] = [];
  const restart = probe.restart && pinned ? await forceRestart(context, store, before, () => run(steps.ready, 5000).then((result) => result.exitCode === 0)) : undefined;
  if (!pinned) failures.push(`${probe.service} is not pinned to one node: its placement allows ${eligible.length === 0 ? "no known node" : eligible.join(", ")}, and a task moved to another node starts on an empty volume there${probe.restart ? " (so berth did not restart it)" : ""}`);
  if (restart !== undefined && restart.failure !== undefined) failures.push(restart.failure);
  const read = await run(steps.read(marker));
  await run(steps.cleanup(marker));
  const survived = read.exitCode === 0 && read.output.includes(steps.found(marker));
  if (!survived) failures.push(`the marker written ${restart ? "before the restart was gone after it" : "could not be read back"}`);
  const storage = describeStorage(dataPath, mountsOf(store), probe.service);
  failures.push(...storage.failures);
  const after = restart?.task ?? before;
  const facts = { node: after.node, nodeBefore: before.node, dataPath, storage: storage.kind, ...(storage.volume ? { volume: storage.volume } : {}), ...(restart ? { restartMs: restart.readyAfterMs ?? -1, taskBefore: before.id.slice(0, 12), taskAfter: after.id.slice(0, 12) } : {}) };
  const passed = restart ? `marker survived a forced restart of the task on ${after.node} (task ${before.id.slice(0, 12)} replaced by ${after.id.slice(0, 12)})` : `marker written and read back on ${after.node}`;
  return { target, failures, passSummary: `${passed}; ${dataPath} is on volume ${storage.volume ?? "?"} on ${after.node}`, facts, excerpt: storage.detail, ...(storage.hint || !pinned ? { hint: pinned ? storage.hint : `pin ${probe.service} to the node that holds its volume: deploy.placement.constraints: [node.hostname == ${before.node}]` } : {}) };
}

/** A step of the one-host round trip, aimed at the service by name from another container. */
export function remoteStep(step: StoreCommand, probe: PersistenceProbe, store: StackService): { image: string; network: string; command: readonly string[]; env: readonly string[]; timeoutMs: number } {
  const base = { image: store.image, network: store.networks[0]!, timeoutMs: probe.timeoutMs };
  if (probe.store === "postgres") return { ...base, command: step.command, env: remotePsqlEnv(step.env, probe.service, store.env) };
  const [first, ...rest] = step.command;
  // redis-cli reaches the service by name; the data-path step is a shell pipeline around it.
  if (first === "redis-cli") return { ...base, command: ["redis-cli", "-h", probe.service, ...rest], env: step.env };
  return { ...base, command: step.command.map((part) => part.replace(/\bredis-cli\b/g, `redis-cli -h ${probe.service}`)), env: step.env };
}

/** The service's mounts as the container's would be, for describeStorage. */
export function mountsOf(store: StackService): ContainerMount[] {
  return store.mounts.map((mount) => ({ Type: mount.type, Name: mount.type === "volume" ? mount.source : undefined, Source: mount.source, Destination: mount.target, RW: true }) as ContainerMount);
}

interface Restarted {
  readonly task?: StackTask;
  readonly readyAfterMs?: number;
  readonly failure?: string;
}

/**
 * A forced update (`docker service update --force`) through the manager. Waits until a new task
 * runs (with a healthcheck: healthy, as Swarm keeps it starting until then) on a ready node and
 * the store answers; the node it landed on is the evidence. Not until the update says completed:
 * Swarm says so only once its `monitor` period has passed (up to 30 s of nothing per store, in the
 * e2e ~30 of the ~40 s a restart took), which proves nothing about the data. A rollback or pause
 * seen while waiting still fails the probe.
 */
async function forceRestart(context: SwarmProbeContext, store: StackService, before: StackTask, answers: () => Promise<boolean>): Promise<Restarted> {
  const started = Date.now();
  await context.stack.forceRestart(store.id);
  const old = new Set(store.running.map((task) => task.id));
  while (Date.now() - started < restartBudgetMs) {
    if (context.signal?.aborted === true) return { failure: "interrupted while the task restarted" };
    const [read, update] = await Promise.all([context.stack.read(), context.stack.updateState(store.id)]);
    if (/rollback|paused/.test(update.state)) return { failure: `Swarm's forced update of ${before.node}'s task ended ${update.state}: ${update.message}` };
    const running = [...read.facts.values()].find((facts) => facts.id === store.id)?.running ?? [];
    const fresh = running.find((task) => !old.has(task.id));
    // And no old task still running (a start-first update keeps it beside the new one): the marker must come from the new task.
    if (fresh !== undefined && running.every((task) => !old.has(task.id)) && (await answers())) {
      const moved = fresh.node === before.node ? undefined : `the new task runs on ${fresh.node}, not on ${before.node} where the data was`;
      return { task: fresh, readyAfterMs: Date.now() - started, ...(moved ? { failure: moved } : {}) };
    }
    await delay(pollMs, undefined, context.signal ? { signal: context.signal } : {}).catch(() => undefined);
  }
  return { failure: `no new task of the service ran and answered within ${restartBudgetMs / 1000} s of the forced update` };
}
