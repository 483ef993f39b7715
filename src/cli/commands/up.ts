import { join } from "node:path";
import { Option, type Command } from "commander";
import { positiveSecondsMs } from "./verb-options.js";
import { projectStateDir } from "../../deploy/state-dir.js";
import { keepingReplacedLogs } from "../../release/keep-replaced-logs.js";
import { cacheDigestsIn } from "../../engine/context-digest.js";
import type { UpResult } from "../../runs/up-result.js";
import type { Project } from "../../compose/model/project.js";
import type { Engine } from "../../engine/engine.js";
import type { Redactor } from "../../common/redact.js";
import type { Plan } from "../../plan/plan.js";
import { runUp } from "../../runs/up.js";
import { isVerified } from "../../runs/verified.js";
import { renderDowntime } from "../../rollout/downtime.js";
import { renderSplitPlan } from "../../rollout/render-split.js";
import { projectRedactor } from "../../verify/project-secrets.js";
import type { VerifiedDeployment } from "../../verify/verify-deployment.js";
import type { CommandContext, CommandModule } from "../command-module.js";
import type { CliIO } from "../io.js";
import { addProjectOptions } from "../project-options.js";
import { withoutDependencies } from "./no-deps.js";
import { pendingMigrationsNote } from "./pending-migrations.js";
import { createProgressView } from "../render/progress-view.js";
import { renderUpSummary } from "../render/up-summary.js";
import { berthVersion } from "../version.js";
import { stableMsOf } from "./await-ready.js";
import { openProjectSession } from "./project-session.js";
import { addTargetOption, deployTarget } from "./swarm-target.js";
import { swarmReader } from "../../swarm/swarm-client.js";
import { plannedBuilds, refuseSessionBuilds, sessionBuildNote } from "./session-builds.js";
import { rolloutSettleMs } from "../../rollout/settle.js";
import { failOnOption, renderVerifyJson, renderVerifyText } from "./verify.js";
import type { FailOn } from "../../report/verdict.js";

/** Exit code of a run stopped by Ctrl-C, as shells report SIGINT. */
const interruptedExit = 130;

/** `berth up`: converge the stack in health-gated order and explain whatever fails. */
export const upCommand: CommandModule = {
  register(program: Command, context: CommandContext) {
    const command = program
      .command("up")
      .description("Create and start the stack, wait until every service is ready, diagnose failures")
      .argument("[services...]", "only these services (and what they depend on)")
      .addOption(new Option("--wait-timeout <seconds>", "give up waiting for readiness after this long").default("300"))
      .option("--remove-orphans", "remove containers of services no longer in the files")
      .option("--build", "build images before starting")
      .option("--no-build", "never build; fail if an image is missing")
      .addOption(new Option("--pull <policy>", "override every service's pull_policy: always pull, pull missing images, or never try a registry").choices(["always", "missing", "never"]))
      .option("--force-recreate", "recreate containers even if nothing changed")
      .option("--no-deps", "with SERVICE...: deploy only those services, not what they depend on")
      .addOption(new Option("--release <which>", "latest: services `berth rollback` pinned to an older image get their files' image again").choices(["latest"]))
      .option("--dry-run", "print the plan and change nothing")
      .option("--verify", "once the stack is up, run the verify probes and keep the report")
      .addOption(failOnOption())
      .option("--json", "print one machine-readable result on stdout")
      .option("-q, --quiet", "no progress output");
    addTargetOption(command);
    addProjectOptions(command).action(async (services: string[], raw: Record<string, unknown>) => {
      context.setExitCode(await runUpCommand(services, raw, context.io));
    });
  },
};

async function runUpCommand(services: readonly string[], raw: Record<string, unknown>, io: CliIO): Promise<number> {
  const waitTimeoutMs = positiveSecondsMs("--wait-timeout", raw["waitTimeout"]);
  const session = await openProjectSession(raw, io, { services });
  // A Swarm manager takes the project as a stack (docs/swarm.md); --target overrides the detection.
  if ((await deployTarget(raw, () => swarmReader(io.env).role())) === "swarm") {
    const [{ runSwarmUp }, { swarmPort }] = await Promise.all([import("./swarm-up.js"), import("../../swarm/swarm-writer.js")]);
    return runSwarmUp(session, swarmPort(io.env), services, raw, io);
  }
  cacheDigestsIn(join(projectStateDir(session.project.name, io.env), "build-digests.json"));
  // Replaced containers leave their last lines for `berth logs --previous`.
  const engine = keepingReplacedLogs(session.engine, { stateDir: projectStateDir(session.project.name, io.env), project: session.project.name, removedBy: "up", redact: projectRedactor(session.project).text });
  // --no-deps: the named services alone, not the dependencies the loader added.
  const project = raw["deps"] === false ? withoutDependencies(session.project, services) : session.project;
  const json = raw["json"] === true;
  const dryRun = raw["dryRun"] === true;
  const view = createProgressView({ sink: json ? io.stderr : io.stdout, live: io.isTTY && !json && !io.env["CI"], quiet: raw["quiet"] === true });
  const redactor = projectRedactor(project);
  const run = await runUp({
    engine,
    project,
    signal: io.signal,
    waitTimeoutMs,
    stableMs: stableMsOf(io.env),
    build: raw["build"] === true ? "always" : raw["build"] === false ? "never" : "missing",
    removeOrphans: raw["removeOrphans"] === true,
    forceRecreate: raw["forceRecreate"] === true,
    releaseLatest: raw["release"] === "latest",
    ...(raw["pull"] ? { pull: raw["pull"] as "always" | "missing" | "never" } : {}),
    dryRun,
    verify: raw["verify"] === true,
    failOn: raw["failOn"] as FailOn,
    redactor,
    onProgress: view.onProgress,
    onPlan: (_plan, split) => {
      if (dryRun) io.stdout.write(renderSplitPlan(split) + sessionBuildNote(project, plannedBuilds(_plan)));
      // Before anything changes: what this update takes down, published services first.
      else if (raw["quiet"] !== true) (json ? io.stderr : io.stdout).write(renderDowntime(split.downtime));
    },
    onDeployed: () => view.finish(),
    onLockWait: (holder) => io.stderr.write(`waiting for another berth (${holder}) working on ${project.name}\n`),
    beforeExecute: (plan) => {
      refuseSessionBuilds(project, plannedBuilds(plan));
      return backupBeforeMigration(plan, { engine, project, io });
    },
    stateDir: projectStateDir(project.name, io.env),
    settleMs: rolloutSettleMs(io.env),
    onRolloutStep: (service, message) => raw["quiet"] !== true && (json ? io.stderr : io.stdout).write(`${service}: ${message}\n`),
    onRepaired: (line) => io.stderr.write(`berth: ${line}\n`),
  });
  if (dryRun) view.finish();
  const code = report(run.result, io, { json, dryRun, quiet: raw["quiet"] === true, verified: run.verified, redactor });
  // Deployed, but the database may be behind its migrations folder: say so (advice, not the verdict).
  const note = !dryRun && run.result.ok ? await pendingMigrationsNote(engine, project, io.cwd, io.signal) : undefined;
  if (note !== undefined) (json ? io.stderr : io.stdout).write(redactor.text(note));
  return code;
}

/** `x-berth.backup.before_migrate`: a proven backup of the running datastores before a migration job. */
async function backupBeforeMigration(plan: Plan, session: { engine: Engine; project: Project; io: CliIO }): Promise<boolean> {
  const { backupBeforeMigrate } = await import("../../backup/before-migrate.js");
  const outcome = await backupBeforeMigrate({
    ...session,
    plan,
    env: session.io.env,
    berthVersion: berthVersion(),
    signal: session.io.signal,
  });
  if (outcome.ran) session.io.stderr.write(`backed up ${outcome.outcomes.length} service(s) before migration job(s) ${outcome.jobs.join(", ")}\n`);
  // A backup may have stopped and restarted writers: up observes the engine again.
  return outcome.ran;
}

interface ReportMode {
  readonly json: boolean;
  readonly dryRun: boolean;
  readonly quiet: boolean;
  readonly verified?: VerifiedDeployment | undefined;
  readonly redactor?: Redactor;
}

/**
 * --json always prints the result (with the probes under `verify`); --quiet prints the summary
 * only when something failed. Everything printed passes the project's redactor.
 */
function report(result: UpResult, io: CliIO, mode: ReportMode): number {
  if (mode.dryRun) return 0;
  const text = (value: string) => (mode.redactor ? mode.redactor.text(value) : value);
  const verify = mode.verified && mode.redactor ? JSON.parse(renderVerifyJson(mode.verified, mode.redactor)) : undefined;
  if (mode.json) io.stdout.write(text(`${JSON.stringify(verify ? { ...result, ok: result.ok && verify.ok, verify } : result, null, 2)}\n`));
  else {
    if (!mode.quiet || !result.ok) io.stdout.write(text(renderUpSummary(result)));
    if (mode.verified && (!mode.quiet || !isVerified(mode.verified))) io.stdout.write(text(renderVerifyText(mode.verified)));
  }
  if (result.interrupted) return interruptedExit;
  return result.ok && (mode.verified === undefined || isVerified(mode.verified)) ? 0 : 1;
}
