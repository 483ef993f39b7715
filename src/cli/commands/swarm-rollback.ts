import { setTimeout as delay } from "node:timers/promises";
import type { Project } from "../../compose/model/project.js";
import type { Engine } from "../../deploy/engine-port.js";
import { projectStateDir } from "../../deploy/state-dir.js";
import { lockedRun } from "../../runs/journalled-run.js";
import { describeRollback } from "../../swarm/rollback-service.js";
import { renderStackRollback, rollbackStack } from "../../swarm/rollback-stack.js";
import type { GateTiming } from "../../swarm/service-gate.js";
import { swarmPort } from "../../swarm/swarm-writer.js";
import { projectRedactor } from "../../verify/project-secrets.js";
import type { CliIO } from "../io.js";

/**
 * `berth rollback` on a Swarm manager (docs/swarm.md): each service the last deploy updated back
 * to its previous spec, as a run like any other: under the project lock (never beside an `up` of
 * the stack), journalled with a step per service rolled back or left alone. Exit 1 when a
 * rollback did not complete.
 */
export async function rollbackSwarmCli(session: { project: Project; engine: Engine }, raw: Record<string, unknown>, waitTimeoutMs: number, io: CliIO): Promise<number> {
  const { project } = session;
  const redactor = projectRedactor(project);
  const timing: GateTiming = { timeoutMs: waitTimeoutMs, pollMs: 1000, pendingGraceMs: 10_000, stableMs: 3000, now: Date.now, sleep: (ms, signal) => delay(ms, undefined, { signal }).catch(() => undefined), signal: io.signal };
  const onStep = (service: string, message: string) => io.stderr.write(redactor.text(`${service}: ${message}\n`));
  const result = await lockedRun(
    { engine: session.engine, project, stateDir: projectStateDir(project.name, io.env), command: "rollback (swarm)", redact: redactor.data, signal: io.signal, waitTimeoutMs },
    async ({ journal }) => {
      const startedAt = new Date().toISOString();
      const rolled = await rollbackStack(swarmPort(io.env), project, timing, onStep);
      const endedAt = new Date().toISOString();
      for (const service of rolled.services) {
        const detail = service.rolledBack ? describeRollback(service.service, service.rolledBack) : `left as it is: ${service.reason ?? ""}`;
        await journal.append({ type: "step", service: service.service, operation: "rollback service", cause: "berth rollback on a Swarm manager", outcome: service.action === "skipped" ? "skipped" : service.rolledBack?.completed ? "ok" : "failed", startedAt, endedAt, detail });
      }
      return { ...rolled, runId: journal.runId };
    },
    (run) => ({ ok: run.ok, interrupted: io.signal.aborted }),
  );
  io.stdout.write(redactor.text(raw["json"] === true ? `${JSON.stringify(result, null, 2)}\n` : renderStackRollback(result)));
  return result.ok ? 0 : 1;
}
