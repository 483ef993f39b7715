import { readFileSync } from "node:fs";
import { setTimeout as delay } from "node:timers/promises";
import { UsageError } from "../../common/errors.js";
import type { Project } from "../../compose/model/project.js";
import { projectStateDir } from "../../deploy/state-dir.js";
import type { Engine } from "../../engine/engine.js";
import { lockedRun } from "../../runs/journalled-run.js";
import { deployStack, planStack, type StackDeployResult } from "../../swarm/deploy-stack.js";
import { describeRollback } from "../../swarm/rollback-service.js";
import type { SwarmPort } from "../../swarm/swarm-port.js";
import { projectRedactor } from "../../verify/project-secrets.js";
import type { CliIO } from "../io.js";
import { stableMsOf } from "./await-ready.js";

/** Options of `berth up` that have no meaning on the Swarm target yet: refused rather than ignored. */
const notOnSwarm: readonly [string, string][] = [
  ["build", "--build"],
  ["removeOrphans", "--remove-orphans"],
  ["forceRecreate", "--force-recreate"],
  ["pull", "--pull"],
  ["release", "--release"],
];

/** A task's state reaches the manager about a second late: a service without a healthcheck must stay up at least this long. */
const swarmStableFloorMs = 3000;

/** Exit code of a run stopped by Ctrl-C, as shells report SIGINT. */
const interruptedExit = 130;

/**
 * `berth up` on a Swarm manager (docs/swarm.md): the stack's services in dependency order, each
 * gated until ready, under the project lock, journalled (a `step` per service, a `diagnosis` per
 * failure), then a summary that says what was applied and what not.
 */
export async function runSwarmUp(session: { project: Project; engine: Engine }, port: SwarmPort, services: readonly string[], raw: Record<string, unknown>, io: CliIO): Promise<number> {
  const given = notOnSwarm.filter(([key]) => raw[key] !== undefined && raw[key] !== false).map(([, flag]) => flag);
  if (services.length > 0) given.push("SERVICE arguments");
  if (given.length > 0) throw new UsageError(`${given.join(", ")}: not supported by berth's Swarm target yet`, { hint: "run up without them (the whole stack is deployed), or pass --target engine for this engine's own containers" });
  const { project } = session;
  const redactor = projectRedactor(project);
  const json = raw["json"] === true;
  const quiet = raw["quiet"] === true;
  const progress = json ? io.stderr : io.stdout;
  const read = (path: string) => readFileSync(path);
  if (raw["dryRun"] === true) {
    const plan = await planStack(port, project, read);
    io.stdout.write(plan.map((step) => `would ${step.action} service ${project.name}_${step.service}${step.after.length > 0 ? ` (after ${step.after.join(", ")} is ready)` : ""}${step.downtime ? `, WITH DOWNTIME: ${step.downtime}` : ""}\n`).join("") + `${project.name}: dry run on the Swarm manager ${io.env["DOCKER_HOST"] ?? "(docker context)"}, nothing changed\n`);
    return 0;
  }
  const waitTimeoutMs = Number(raw["waitTimeout"] ?? 300) * 1000;
  if (!Number.isFinite(waitTimeoutMs) || waitTimeoutMs <= 0) throw new UsageError(`--wait-timeout must be a positive number of seconds, got ${String(raw["waitTimeout"])}`);
  const stateDir = projectStateDir(project.name, io.env);
  const result = await lockedRun({ engine: session.engine, project, stateDir, command: "up (swarm)", redact: redactor.data, signal: io.signal, waitTimeoutMs, onLockWait: (holder) => io.stderr.write(`waiting for another berth (${holder}) working on ${project.name}\n`) }, async ({ journal }) => {
    if (!quiet) progress.write(`${project.name}: deploying as a stack through the Swarm manager\n`);
    const deployed = await deployStack({
      port,
      project,
      read,
      timing: { timeoutMs: waitTimeoutMs, pollMs: 1000, pendingGraceMs: 10_000, stableMs: Math.max(stableMsOf(io.env), swarmStableFloorMs), now: Date.now, sleep: (ms, signal) => delay(ms, undefined, { signal }).catch(() => undefined), signal: io.signal },
      onProgress: (service, message) => quiet || progress.write(redactor.text(`${service}: ${message}\n`)),
    });
    for (const outcome of deployed.services) {
      const operation = outcome.action === "not-applied" ? "skip service" : `${outcome.action === "created" ? "create" : outcome.action === "updated" ? "update" : "keep"} service`;
      const detail = outcome.tasks.map((task) => `${task.state} on ${task.node}`).join(", ");
      await journal.append({ type: "step", service: outcome.service, operation, cause: "swarm stack", outcome: outcome.action === "not-applied" ? "skipped" : outcome.ready ? "ok" : "failed", startedAt: outcome.startedAt, endedAt: outcome.endedAt, ...(detail ? { detail } : {}) });
      if (outcome.diagnosis) await journal.append({ type: "diagnosis", service: outcome.service, diagnosis: { ...outcome.diagnosis } });
      if (outcome.rolledBack) await journal.append({ type: "step", service: outcome.service, operation: "rollback service", cause: "failed update", outcome: outcome.rolledBack.completed ? "ok" : "failed", startedAt: outcome.endedAt, endedAt: outcome.endedAt, detail: describeRollback(outcome.service, outcome.rolledBack) });
    }
    return deployed;
  }, (deployed) => ({ ok: deployed.ok, interrupted: deployed.interrupted }));
  // --verify: the probes, from the stack's overlay networks, once every service is ready (docs/swarm.md).
  const verified = raw["verify"] === true && result.ok && !result.interrupted ? await (await import("./swarm-verify.js")).verifySwarmStack(session, port, raw, io) : undefined;
  if (json) io.stdout.write(redactor.text(`${JSON.stringify(verified ? { ...result, ok: verified.ok, verify: verified.json } : result, null, 2)}\n`));
  else {
    if (!quiet || !result.ok) io.stdout.write(redactor.text(renderStackSummary(result)));
    if (verified && (!quiet || !verified.ok)) io.stdout.write(verified.text);
  }
  if (result.interrupted) return interruptedExit;
  return result.ok && (verified?.ok ?? true) ? 0 : 1;
}

/** The end of `up` on Swarm: each service, where its tasks run or why it failed, and what was not applied. */
export function renderStackSummary(result: StackDeployResult): string {
  const lines = result.services.map((outcome) => {
    const seconds = ((Date.parse(outcome.endedAt) - Date.parse(outcome.startedAt)) / 1000).toFixed(1);
    if (outcome.action === "not-applied") return `  ${outcome.service}: not applied${outcome.blockedBy && outcome.blockedBy.length > 0 ? ` (depends on ${outcome.blockedBy.join(", ")}, which failed)` : " (interrupted)"}`;
    if (outcome.ready) return `  ${outcome.service}: ${outcome.action}, ready in ${seconds} s (${outcome.tasks.map((task) => `${task.state} on ${task.node}`).join(", ") || "no task"})`;
    const diagnosis = outcome.diagnosis;
    const output = diagnosis?.evidence.logTail?.trim().split("\n").slice(-5).map((line) => `\n    | ${line}`).join("") ?? "";
    const rolledBack = outcome.rolledBack ? `\n    rolled back: ${describeRollback(outcome.service, outcome.rolledBack)}` : "";
    return `  ${outcome.service}: ${outcome.action}, NOT READY${diagnosis ? ` [${diagnosis.code}] ${diagnosis.message}${output ? `\n    last output:${output}` : ""}\n    hint: ${diagnosis.hint}` : ""}${rolledBack}`;
  });
  const applied = result.services.filter((outcome) => outcome.action !== "not-applied");
  const notApplied = result.services.filter((outcome) => outcome.action === "not-applied").map((outcome) => outcome.service);
  const verdict = result.ok
    ? `${result.stack}: ${applied.length} service(s) ready on the Swarm`
    : `${result.stack}: FAILED: ${applied.filter((outcome) => outcome.ready).length} of ${result.services.length} service(s) ready; applied but not ready: ${applied.filter((outcome) => !outcome.ready).map((outcome) => outcome.service).join(", ") || "none"}; not applied: ${notApplied.join(", ") || "none"}`;
  const objects = [...result.networks.filter((network) => network.created).map((network) => `network ${network.name}`), ...result.objects.filter((object) => object.created).map((object) => `${object.kind} ${object.name}`)];
  return `${objects.length > 0 ? `created ${objects.join(", ")}\n` : ""}${lines.join("\n")}\n${verdict}\n`;
}
