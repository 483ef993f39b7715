import { Option, type Command } from "commander";
import type { Redactor } from "../../common/redact.js";
import { projectStateDir } from "../../deploy/state-dir.js";
import type { Evidence } from "../../verify/probe.js";
import { projectRedactor } from "../../verify/project-secrets.js";
import { isVerified } from "../../runs/verified.js";
import type { DeploymentTarget, VerifiedDeployment } from "../../verify/verify-deployment.js";
import type { Engine } from "../../engine/engine.js";
import type { Project } from "../../compose/model/project.js";
import type { InferMode } from "../../verify/verify-project.js";
import type { CommandContext, CommandModule } from "../command-module.js";
import type { CliIO } from "../io.js";
import { addProjectOptions } from "../project-options.js";
import { openProjectSession } from "./project-session.js";
import { pendingMigrationsNote } from "./pending-migrations.js";
import { isOpinion, type FailOn } from "../../report/verdict.js";

/** `berth verify`: run the stack's probes (declared, or inferred), print the evidence, keep a report. */
export const verifyCommand: CommandModule = {
  register(program: Command, context: CommandContext) {
    const command = program
      .command("verify")
      .description("Probe the running stack (x-berth.verify, or inferred probes) and keep a report with the evidence")
      .argument("[probes...]", "only the probes with these names")
      .addOption(new Option("--infer <mode>", "inferred probes: auto (when none are declared), always, never").choices(["auto", "always", "never"]).default("auto"))
      .addOption(failOnOption())
      .option("--json", "print one machine-readable result on stdout");
    addProjectOptions(command).action(async (only: string[], raw: Record<string, unknown>) => {
      context.setExitCode(await runVerifyCommand(only, raw, context.io));
    });
  },
};

async function runVerifyCommand(only: readonly string[], raw: Record<string, unknown>, io: CliIO): Promise<number> {
  const { project, engine } = await openProjectSession(raw, io);
  const redactor = projectRedactor(project);
  // Loaded here, not at the top: `up` imports this module for its options and renderers only.
  const { runVerify } = await import("../../runs/verify.js");
  // On a Swarm manager the stack's tasks are probed from its overlay networks (docs/swarm.md).
  const target = await swarmTargetOf(engine, project, io);
  const verified = await runVerify({
    ...(target ? { target } : {}),
    engine,
    project,
    stateDir: projectStateDir(project.name, io.env),
    redactor,
    signal: io.signal,
    infer: raw["infer"] as InferMode,
    only,
    failOn: raw["failOn"] as FailOn,
    onLockWait: (holder) => io.stderr.write(`waiting for another berth (${holder}) working on ${project.name}\n`),
  });
  io.stdout.write(raw["json"] === true ? redactor.text(renderVerifyJson(verified, redactor)) : redactor.text(renderVerifyText(verified)));
  // The database may be behind its migrations folder: said beside the verdict, never part of it.
  const note = target ? undefined : await pendingMigrationsNote(engine, project, io.cwd, io.signal);
  if (note !== undefined) (raw["json"] === true ? io.stderr : io.stdout).write(redactor.text(note));
  return isVerified(verified) ? 0 : 1;
}

/** The Swarm target when the engine is a manager (`berth verify` has no --target: the engine's role decides, as for ps). */
async function swarmTargetOf(engine: Engine, project: Project, io: CliIO): Promise<DeploymentTarget | undefined> {
  const { swarmReader } = await import("../../swarm/swarm-client.js");
  // An engine that cannot say is treated as one engine: the verify itself then reports the engine error.
  if ((await swarmReader(io.env).role().catch(() => "none")) !== "manager") return undefined;
  const [{ swarmDeploymentTarget }, { swarmVerifyAccess }, { swarmPort }] = await Promise.all([import("../../verify/swarm-target.js"), import("../../swarm/verify-read.js"), import("../../swarm/swarm-writer.js")]);
  return swarmDeploymentTarget({ engine, stack: swarmVerifyAccess(swarmPort(io.env), project.name), project, signal: io.signal });
}

/** `--fail-on` as `berth check` has it; for up/verify the default is none (docs/verdict.md). */
export function failOnOption(): Option {
  return new Option("--fail-on <severity>", "fail the verdict on berth check findings at or above this severity").choices(["error", "warning", "info", "none"]).default("none");
}

/** What `berth verify --json` prints. */
export function renderVerifyJson(verified: VerifiedDeployment, redactor: Redactor): string {
  const { report, reportPaths, outcome } = verified;
  const result = { ok: isVerified(verified), project: report.project, runId: report.runId, verdict: report.verdict, probes: outcome.evidence, reports: reportPaths };
  return `${JSON.stringify(redactor.data(result), null, 2)}\n`;
}

/** One line per probe; failed probes add their failures, observations, hint and an excerpt. */
export function renderVerifyText(verified: VerifiedDeployment): string {
  const { outcome, report, reportPaths } = verified;
  const inferred = outcome.evidence.filter((e) => e.inferredFrom !== undefined).length;
  const lines = [
    ...(inferred === 0 ? [] : inferred === outcome.evidence.length ? [`The stack declares no probes (x-berth.verify); ${inferred} inferred:`] : [`${inferred} of ${outcome.evidence.length} probes inferred:`]),
    ...outcome.evidence.flatMap(probeLines),
    "",
    `${outcome.evidence.filter((e) => e.ok).length}/${outcome.evidence.length} probes passed; verdict ${report.verdict.status.toUpperCase()}`,
    ...report.verdict.reasons.map((reason) => `  - ${reason}`),
    ...report.verdict.warnings.map((warning) => `  - warning: ${warning}`),
    `report: ${reportPaths.html}`,
  ];
  return `${lines.join("\n")}\n`;
}

function probeLines(evidence: Evidence): string[] {
  // A failed inferred opinion is a warning (docs/verdict.md), and says so.
  const head = `${evidence.ok ? "ok  " : isOpinion(evidence) ? "WARN" : "FAIL"} ${evidence.probe}: ${evidence.target}: ${evidence.summary}`;
  if (evidence.ok) return [evidence.inferredFrom ? `${head}  [inferred from ${evidence.inferredFrom}]` : head];
  const facts = Object.entries(evidence.facts).map(([name, value]) => `${name}=${String(value)}`).join(", ");
  return [
    head,
    ...(evidence.inferredFrom ? [`       inferred from ${evidence.inferredFrom}`] : []),
    ...(facts ? [`       observed: ${facts}`] : []),
    ...(evidence.hint ? [`       hint: ${evidence.hint}`] : []),
    ...(evidence.excerpt ? evidence.excerpt.split("\n").slice(0, 8).map((line) => `       | ${line}`) : []),
  ];
}
