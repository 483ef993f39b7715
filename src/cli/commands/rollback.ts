import { Option, type Command } from "commander";
import { positiveSecondsMs } from "./verb-options.js";
import { projectStateDir } from "../../deploy/state-dir.js";
import { keepingReplacedLogs } from "../../release/keep-replaced-logs.js";
import type { RollbackResult } from "../../runs/rollback-project.js";
import { runRollback } from "../../runs/rollback.js";
import { shortImageId } from "../../release/render-history.js";
import { rolloutSettleMs } from "../../rollout/settle.js";
import { projectRedactor } from "../../verify/project-secrets.js";
import type { CommandContext, CommandModule } from "../command-module.js";
import type { CliIO } from "../io.js";
import { addProjectOptions } from "../project-options.js";
import { openProjectSession } from "./project-session.js";
import { swarmReader } from "../../swarm/swarm-client.js";

/** `berth rollback`: back to the previous deployed release, without downtime where possible. */
export const rollbackCommand: CommandModule = {
  register(program: Command, context: CommandContext) {
    const command = program
      .command("rollback")
      .description("Return the project to its previous deployed release (images recorded per deployment)")
      .addOption(new Option("--wait-timeout <seconds>", "give up waiting for a replacement to be healthy after this long").default("300"))
      .option("--json", "print the result as JSON");
    addProjectOptions(command).action(async (raw: Record<string, unknown>) => {
      context.setExitCode(await rollbackCli(raw, context.io));
    });
  },
};

async function rollbackCli(raw: Record<string, unknown>, io: CliIO): Promise<number> {
  const waitTimeoutMs = positiveSecondsMs("--wait-timeout", raw["waitTimeout"]);
  const session = await openProjectSession(raw, io);
  const project = session.project;
  // A Swarm manager: the stack's services back to their previous spec (docs/swarm.md).
  // An engine that does not answer /info is no manager: the session's own engine says why at its first call.
  if ((await swarmReader(io.env).role().catch(() => "none")) === "manager") {
    const { rollbackSwarmCli } = await import("./swarm-rollback.js");
    return rollbackSwarmCli(session, raw, waitTimeoutMs, io);
  }
  const engine = keepingReplacedLogs(session.engine, { stateDir: projectStateDir(project.name, io.env), project: project.name, removedBy: "rollback", redact: projectRedactor(project).text });
  const onStep = (service: string, message: string) => io.stderr.write(`${service}: ${message}\n`);
  const redact = projectRedactor(project).data;
  const result = await runRollback({ engine, project, stateDir: projectStateDir(project.name, io.env), signal: io.signal, waitTimeoutMs, settleMs: rolloutSettleMs(io.env), redact, onStep });
  io.stdout.write(raw["json"] === true ? `${JSON.stringify(result, null, 2)}\n` : renderRollback(result));
  return result.release === undefined || result.release.outcome === "deployed" ? 0 : 1;
}

function renderRollback(result: RollbackResult): string {
  if (result.release === undefined) {
    const warnings = result.warnings.map((w) => `  warning: ${w}`);
    return [`rollback to #${result.target.id}: nothing to do, every service already runs the images of that release (not recorded)`, ...warnings].join("\n") + "\n";
  }
  const lines = result.release.changes.map((c) => `  ${c.service}: ${shortImageId(c.fromImageId)} -> ${shortImageId(c.toImageId)}`);
  const head = `rollback to #${result.target.id}: ${result.release.outcome} (recorded as #${result.release.id})`;
  const body = lines.length > 0 ? lines : ["  every service already runs the images of that release"];
  const tail = [...result.release.diagnoses.map((d) => `  ! ${d}`), ...result.warnings.map((w) => `  warning: ${w}`)];
  return [head, ...body, ...tail].join("\n") + "\n";
}
